package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.cli.imports.BitwardenJsonImporter;
import dev.persona.cli.imports.KeePassXcCsvImporter;
import dev.persona.cli.imports.OnePuxSample;
import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.json.JsonReader;
import dev.persona.cli.json.JsonValues;
import dev.persona.schema.fb.AttachmentInfo;
import dev.persona.schema.fb.AttachmentPutBegin;
import dev.persona.schema.fb.AttachmentPutBeginResponse;
import dev.persona.schema.fb.AttachmentPutChunk;
import dev.persona.schema.fb.AttachmentResponse;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ItemCreateRequest;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    assertEquals(
        "{\"imported\":4,\"dryRun\":true,\"failed\":[],\"attachments\":0,\"skipped\":[]}\n",
        run.out());
    assertTrue(daemon.received.isEmpty());
  }

  @Test
  void shouldImportOnePuxItemsWithTheirAttachmentsAndListWhatWasSkipped() throws Exception {
    final List<String> created = Collections.synchronizedList(new ArrayList<>());
    final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    final Map<Long, String> uploadIds = new ConcurrentHashMap<>();
    daemon.handler =
        (request, writer) ->
            switch (request.bodyType()) {
              case RequestBody.ItemCreateRequest -> {
                final String name = request.body(new ItemCreateRequest()).item().name();
                created.add(name);
                yield FakeDaemon.itemResponse(writer, request.requestId(), "id-" + name, name);
              }
              case RequestBody.AttachmentPutBegin -> {
                final AttachmentPutBegin begin = request.body(new AttachmentPutBegin());
                final long uploadId = uploadIds.size() + 1;
                final String key = begin.item() + "/" + begin.name() + " " + begin.contentType();
                uploadIds.put(uploadId, key);
                uploads.put(key, new ByteArrayOutputStream());
                writer.begin();
                yield writer.ok(
                    request.requestId(),
                    ResponseBody.AttachmentPutBeginResponse,
                    AttachmentPutBeginResponse.createAttachmentPutBeginResponse(
                        writer.builder(), uploadId, 16));
              }
              case RequestBody.AttachmentPutChunk -> {
                final AttachmentPutChunk chunk = request.body(new AttachmentPutChunk());
                final ByteBuffer data = chunk.dataAsByteBuffer();
                final byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                uploads.get(uploadIds.get(chunk.uploadId())).writeBytes(bytes);
                yield writer.ack(request.requestId(), "", 0);
              }
              case RequestBody.AttachmentPutEnd -> {
                writer.begin();
                final var b = writer.builder();
                final int info =
                    AttachmentInfo.createAttachmentInfo(
                        b, b.createString("att-1"), b.createString("file"), 0, 0, 0, 0);
                yield writer.ok(
                    request.requestId(),
                    ResponseBody.AttachmentResponse,
                    AttachmentResponse.createAttachmentResponse(b, info));
              }
              default -> writer.error(request.requestId(), ErrorCode.INTERNAL, "unexpected");
            };
    final CliRun run =
        CliRun.run(
            daemon.env(),
            "",
            "import",
            OnePuxSample.write(tmp).toString(),
            "--from",
            "1pux",
            "--format",
            "json");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        List.of(
            "GitHub", "Router admin", "House notes", "Passport scan", "Visa", "db01", "Deploy API"),
        created);
    final Map<String, Object> summary =
        JsonValues.object(JsonReader.parse(run.out().toCharArray()), "summary");
    assertEquals(7L, summary.get("imported"));
    assertEquals(2L, summary.get("attachments"));
    assertEquals(4, JsonValues.array(summary.get("skipped"), "skipped").size());
    assertEquals(
        "Passport no. X1234567\nJane Doe\n",
        uploads.get("id-Passport scan/passport.txt text/plain").toString(StandardCharsets.UTF_8),
        "uploaded in 16-byte chunks and reassembled");
    assertEquals(
        "Host db01\n  User root\n  Port 2222\n",
        uploads.get("id-db01/config.txt text/plain").toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldListSkippedEntriesOnStderrAndCountAttachmentsOnDryRun() throws Exception {
    final CliRun run =
        CliRun.run(
            daemon.env(),
            "",
            "import",
            sample("keepass_export.xml").toString(),
            "--from",
            "keepass-xml",
            "--dry-run");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("would import 3 of 3 items, 2 of 2 attachments\n", run.out());
    assertTrue(
        run.err().contains("persona: skipped: 'Old bank' (in the KeePass recycle bin)"), run.err());
    assertTrue(daemon.received.isEmpty());
  }

  @Test
  void shouldReportARefusedAttachmentByItemAndFileAndKeepTheItem() throws Exception {
    final List<String> created = Collections.synchronizedList(new ArrayList<>());
    daemon.handler =
        (request, writer) ->
            switch (request.bodyType()) {
              case RequestBody.ItemCreateRequest -> {
                final String name = request.body(new ItemCreateRequest()).item().name();
                created.add(name);
                yield FakeDaemon.itemResponse(writer, request.requestId(), "id-" + name, name);
              }
              case RequestBody.AttachmentPutBegin ->
                  writer.error(request.requestId(), ErrorCode.TOO_LARGE, "quota");
              default -> writer.error(request.requestId(), ErrorCode.INTERNAL, "unexpected");
            };
    final CliRun run =
        CliRun.run(
            daemon.env(),
            "",
            "import",
            sample("keepass_export.xml").toString(),
            "--from",
            "keepass-xml");
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
    assertEquals(List.of("GitHub", "VPN", "db01"), created);
    assertTrue(run.out().contains("imported 3 of 3 items, 0 of 2 attachments"), run.out());
    assertTrue(
        run.err().contains("persona: not imported: GitHub: attachment 'id_ed25519.pub': "),
        run.err());
    assertTrue(run.err().contains("not imported: db01: attachment 'ssh_config': "), run.err());
  }

  @Test
  void shouldNameTheFileAndImportNothingWhenTheExportIsMalformed() throws Exception {
    final String xml = Files.readString(sample("keepass_export.xml"));
    final Path truncated =
        Files.writeString(tmp.resolve("truncated.xml"), xml.substring(0, xml.length() / 2));
    final CliRun run =
        CliRun.run(daemon.env(), "", "import", truncated.toString(), "--from", "keepass-xml");
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("persona: " + truncated + ": keepass xml: line="), run.err());
    assertTrue(run.err().contains("(nothing imported)"), run.err());
    assertTrue(daemon.received.isEmpty(), "nothing may be sent for a malformed file");

    final Path notZip = Files.writeString(tmp.resolve("export.1pux"), "not a zip");
    final CliRun pux =
        CliRun.run(
            daemon.env(), "", "import", notZip.toString(), "--from", "1pux", "--format", "json");
    assertEquals(ExitCodes.BAD_INPUT, pux.exitCode(), pux.err());
    assertTrue(pux.err().contains(notZip + ": 1pux: not a readable ZIP archive"), pux.err());
    assertTrue(daemon.received.isEmpty());
  }

  @Test
  void shouldPointA1PuxGivenAsCsvToTheRightFormat() throws Exception {
    final CliRun run =
        CliRun.run(
            daemon.env(),
            "",
            "import",
            OnePuxSample.write(tmp).toString(),
            "--from",
            "1password-csv");
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
    assertTrue(run.err().contains("use --from 1pux"), run.err());
  }

  /** A vault of one login (with one custom concealed field) for the export commands to read. */
  private void serveOneLoginToExport(final String name, final String password) {
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
                      name,
                      new FakeDaemon.F("username", "octocat", false),
                      new FakeDaemon.F("password", password, true),
                      new FakeDaemon.F("recovery", "r3c0v3ry", true));
              default -> writer.error(request.requestId(), ErrorCode.INTERNAL, "unexpected");
            };
  }

  @Test
  void shouldExportToBitwardenJsonThatImportsBack() throws Exception {
    serveOneLoginToExport("github", "hunter2");
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
  void shouldExportToKeePassXcCsvThatImportsBackAndCountWhatHasNoColumn() throws Exception {
    serveOneLoginToExport("git\"hub", "hun,ter\"2");
    final Path out = tmp.resolve("export.csv");
    final CliRun run =
        CliRun.run(daemon.env(), "", "export", "--to", "keepassxc-csv", "-o", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    assertTrue(run.err().contains("1 fields"), run.err());
    final char[] csv = Files.readString(out, StandardCharsets.UTF_8).toCharArray();
    final List<ItemDraft> back = KeePassXcCsvImporter.read(csv, csv.length);
    assertEquals(1, back.size());
    assertEquals("git\"hub", back.get(0).name());
    assertEquals(
        "hun,ter\"2",
        new String(back.get(0).findField("password").value(), StandardCharsets.UTF_8));
    assertTrue(back.get(0).findField("password").concealed());
    assertEquals(
        "octocat", new String(back.get(0).findField("username").value(), StandardCharsets.UTF_8));
    assertEquals(List.of("https://github.com"), back.get(0).urls());
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
