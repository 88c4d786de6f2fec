package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.cli.imports.BitwardenJsonImporter;
import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.json.JsonReader;
import dev.persona.cli.json.JsonValues;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ItemCreateRequest;
import dev.persona.schema.fb.RequestBody;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import/export and the item JSON schema, end to end through the real client against {@link
 * FakeDaemon}.
 */
class ImportExportTest {
  @TempDir Path tmp;
  FakeDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(tmp);
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private Path sample(final String name) throws Exception {
    final Path file = tmp.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("imports/" + name)) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  @Test
  void shouldCreateOneItemPerImportedEntryAndReportFailuresByName() throws Exception {
    final List<String> created = new ArrayList<>();
    daemon.handler =
        (request, writer) -> {
          final String name = request.body(new ItemCreateRequest()).item().name();
          if (name.equals("db01")) {
            return writer.error(request.requestId(), ErrorCode.ALREADY_EXISTS, "exists");
          }
          created.add(name);
          return FakeDaemon.itemResponse(writer, request.requestId(), "id-" + name, name);
        };
    final CliRun run =
        CliRun.run(
            daemon.env(),
            "",
            "import",
            sample("keepassxc_export.csv").toString(),
            "--from",
            "keepassxc-csv");
    assertEquals(ExitCodes.CONFLICT, run.exitCode(), run.err());
    assertEquals(List.of("Bank", "Plain"), created);
    assertTrue(run.out().contains("imported 2 of 3 items"), run.out());
    assertTrue(run.err().contains("not imported: db01"), run.err());
  }

  @Test
  void shouldSendNothingOnDryRun() throws Exception {
    final CliRun run =
        CliRun.run(
            daemon.env(),
            "",
            "import",
            sample("bitwarden_export.json").toString(),
            "--from",
            "bitwarden-json",
            "--dry-run",
            "--format",
            "json");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("{\"imported\":4,\"dryRun\":true,\"failed\":[]}\n", run.out());
    assertTrue(daemon.received.isEmpty());
  }

  @Test
  void shouldExportToBitwardenJsonThatImportsBack() throws Exception {
    daemon.handler =
        (request, writer) ->
            switch (request.bodyType()) {
              case RequestBody.ItemListRequest ->
                  FakeDaemon.itemList(writer, request.requestId(), "github");
              case RequestBody.ItemGetRequest ->
                  FakeDaemon.itemResponse(
                      writer,
                      request.requestId(),
                      "id-0",
                      "github",
                      new FakeDaemon.F("username", "octocat", false),
                      new FakeDaemon.F("password", "hunter2", true),
                      new FakeDaemon.F("recovery", "r3c0v3ry", true));
              default -> writer.error(request.requestId(), ErrorCode.INTERNAL, "unexpected");
            };
    final Path out = tmp.resolve("export.json");
    final CliRun run =
        CliRun.run(daemon.env(), "", "export", "--to", "bitwarden-json", "-o", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    final char[] json = Files.readString(out, StandardCharsets.UTF_8).toCharArray();
    final List<ItemDraft> back = BitwardenJsonImporter.read(json, json.length);
    assertEquals(1, back.size());
    assertEquals("github", back.get(0).name());
    assertEquals(
        "hunter2", new String(back.get(0).findField("password").value(), StandardCharsets.UTF_8));
    assertTrue(back.get(0).findField("recovery").concealed());
    assertEquals(List.of("https://github.com"), back.get(0).urls());
    final CliRun again = CliRun.run(daemon.env(), "", "export", "-o", out.toString());
    assertEquals(ExitCodes.GENERIC, again.exitCode(), "an existing file must never be overwritten");
  }

  @Test
  void shouldPrintItemJsonWithEveryDocumentedKey() {
    daemon.handler =
        (request, writer) ->
            FakeDaemon.itemResponse(
                writer,
                request.requestId(),
                "i1",
                "github",
                new FakeDaemon.F("username", "alice", false));
    final CliRun run = CliRun.run(daemon.env(), "", "item", "get", "github", "--format", "json");
    assertEquals(0, run.exitCode(), run.err());
    final Map<String, Object> item =
        JsonValues.object(JsonReader.parse(run.out().toCharArray()), "item");
    assertEquals(
        List.of(
            "id",
            "vault",
            "name",
            "type",
            "revision",
            "createdMs",
            "updatedMs",
            "trashed",
            "fields",
            "urls",
            "tags",
            "attachments"),
        List.copyOf(item.keySet()));
    assertEquals("login", JsonValues.string(item, "type"));
    assertEquals(3L, item.get("revision"));
    final Map<String, Object> field =
        JsonValues.object(JsonValues.array(item.get("fields"), "fields").get(0), "field");
    assertEquals(List.of("name", "concealed", "value"), List.copyOf(field.keySet()));
  }
}
