package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.InitRequest;
import dev.persona.schema.fb.ItemCreateRequest;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonaCliTest {
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

  @Test
  void shouldExit7AndNameSocketWhenDaemonNotRunning() {
    final Map<String, String> env = new HashMap<>(daemon.env());
    env.put("PERSONA_RUNTIME_DIR", tmp.resolve("nobody").toString());
    final CliRun run = CliRun.run(env, "", "read", "persona://Personal/github/password");
    assertEquals(ExitCodes.DAEMON_UNREACHABLE, run.exitCode());
    assertTrue(run.err().contains("daemon not running"), run.err());
    assertTrue(
        run.err().contains(tmp.resolve("nobody").resolve("persona.sock").toString()), run.err());
  }

  @Test
  void shouldPrintStatusJsonWithStableKeysAndExit7WithoutDaemon() {
    final Map<String, String> env = new HashMap<>(daemon.env());
    env.put("PERSONA_RUNTIME_DIR", tmp.resolve("nobody").toString());
    final CliRun run = CliRun.run(env, "", "status", "--format", "json");
    assertEquals(7, run.exitCode());
    final var status =
        dev.persona.cli.json.JsonValues.object(
            dev.persona.cli.json.JsonReader.parse(run.out().toCharArray()), "status");
    for (final String key :
        List.of("running", "locked", "rpcSocket", "agentSocket", "version", "dataDir")) {
      assertTrue(status.containsKey(key), key);
    }
    assertEquals(Boolean.FALSE, status.get("running"));
    assertEquals(Boolean.TRUE, status.get("locked"));
  }

  @Test
  void shouldReportDaemonStatusAsJson() {
    daemon.handler =
        (request, writer) ->
            writer.status(
                request.requestId(),
                true,
                false,
                "0.1.0",
                "/r/persona.sock",
                "/r/agent.sock",
                "/d",
                2,
                0,
                5000,
                4242);
    final CliRun run = CliRun.run(daemon.env(), "", "status", "--format", "json");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("\"running\":true"), run.out());
    assertTrue(run.out().contains("\"locked\":false"), run.out());
    assertTrue(run.out().contains("\"agentSocket\":\"/r/agent.sock\""), run.out());
    assertTrue(run.out().contains("\"version\":\"0.1.0\""), run.out());
    assertTrue(run.out().contains("\"pid\":4242"), run.out());
  }

  @Test
  void shouldSayRunUnlockAndExit4WhenLocked() {
    daemon.handler =
        (request, writer) -> writer.error(request.requestId(), ErrorCode.LOCKED, "locked");
    final CliRun run = CliRun.run(daemon.env(), "", "read", "persona://Personal/github/password");
    assertEquals(ExitCodes.LOCKED, run.exitCode());
    assertTrue(run.err().contains("vault is locked — run `persona unlock`"), run.err());
  }

  @Test
  void shouldExit10OnVersionMismatch() {
    daemon.rejectVersion = true;
    final CliRun run = CliRun.run(daemon.env(), "", "read", "persona://Personal/github/password");
    assertEquals(ExitCodes.VERSION_MISMATCH, run.exitCode());
    assertTrue(run.err().contains("version mismatch"), run.err());
  }

  @ParameterizedTest(name = "{0} -> exit {1}")
  @CsvSource({
    "NOT_FOUND, 3",
    "LOCKED, 4",
    "DENIED, 5",
    "TOKEN_REQUIRED, 13",
    "TOKEN_EXPIRED, 13",
    "APPROVAL_TIMEOUT, 5",
    "APPROVAL_REQUIRED, 6",
    "CONFLICT, 8",
    "ALREADY_EXISTS, 8",
    "WRONG_PASSWORD, 9",
    "BAD_INPUT, 2",
    "NOT_INITIALIZED, 11",
    "BUSY, 12",
    "RATE_LIMITED, 12",
    "INTERNAL, 1",
    "UNSUPPORTED_OPERATION, 1"
  })
  void shouldMapEveryDaemonErrorToItsDocumentedExitCode(final String code, final int exit) {
    final int errorCode = List.of(ErrorCode.names).indexOf(code);
    daemon.handler =
        (request, writer) -> writer.error(request.requestId(), errorCode, "fake " + code);
    final CliRun run = CliRun.run(daemon.env(), "", "vault", "list");
    assertEquals(exit, run.exitCode(), run.err());
    final CliRun json = CliRun.run(daemon.env(), "", "vault", "list", "--format", "json");
    assertTrue(
        json.err().startsWith("{\"error\":{\"code\":\"" + code + "\",\"exitCode\":" + exit + ","),
        json.err());
  }

  @Test
  void shouldListAVaultFromADaemonWithoutVaultPoliciesAsAllowAny() {
    daemon.handler =
        (request, writer) -> {
          writer.begin();
          final var b = writer.builder();
          // No policy table: what a daemon from before vault policies sends.
          final int v =
              dev.persona.schema.fb.VaultInfo.createVaultInfo(
                  b, b.createString("v1"), b.createString("Personal"), 2, 0, 0);
          final int vec =
              dev.persona.schema.fb.VaultListResponse.createVaultsVector(b, new int[] {v});
          return writer.ok(
              request.requestId(),
              ResponseBody.VaultListResponse,
              dev.persona.schema.fb.VaultListResponse.createVaultListResponse(b, vec));
        };
    final CliRun json = CliRun.run(daemon.env(), "", "vault", "list", "--format", "json");
    assertEquals(0, json.exitCode(), json.err());
    assertTrue(
        json.out().contains("\"policy\":{\"approval\":\"allow\",\"allowedExecutables\":[]}"),
        json.out());
    final CliRun text = CliRun.run(daemon.env(), "", "vault", "list");
    assertTrue(text.out().startsWith("Personal\t2\tallow\tv1\t"), text.out());
  }

  @Test
  void shouldSuggestClosestItemNameWhenItemIsMissing() {
    daemon.handler =
        (request, writer) ->
            switch (request.bodyType()) {
              case RequestBody.ItemGetRequest ->
                  writer.error(request.requestId(), ErrorCode.NOT_FOUND, "no such item");
              case RequestBody.ItemListRequest ->
                  FakeDaemon.itemList(writer, request.requestId(), "gitlab-ci", "github", "aws");
              default -> writer.error(request.requestId(), ErrorCode.INTERNAL, "unexpected");
            };
    final CliRun run = CliRun.run(daemon.env(), "", "item", "get", "gitub");
    assertEquals(ExitCodes.NOT_FOUND, run.exitCode());
    assertTrue(run.err().contains("no item 'gitub' — did you mean 'github'?"), run.err());
  }

  @Test
  void shouldSuggestFieldNameWhenReferenceNamesMissingField() {
    daemon.handler =
        (request, writer) ->
            switch (request.bodyType()) {
              case RequestBody.ReadRefsRequest -> {
                writer.beginReadRefs();
                writer.addRefError(ErrorCode.NOT_FOUND);
                yield writer.endReadRefs(request.requestId());
              }
              case RequestBody.VaultListRequest -> {
                writer.begin();
                final var b = writer.builder();
                final int v =
                    dev.persona.schema.fb.VaultInfo.createVaultInfo(
                        b, b.createString("v1"), b.createString("Personal"), 1, 0, 0);
                final int vec =
                    dev.persona.schema.fb.VaultListResponse.createVaultsVector(b, new int[] {v});
                yield writer.ok(
                    request.requestId(),
                    ResponseBody.VaultListResponse,
                    dev.persona.schema.fb.VaultListResponse.createVaultListResponse(b, vec));
              }
              case RequestBody.ItemGetRequest ->
                  FakeDaemon.itemResponse(
                      writer,
                      request.requestId(),
                      "i1",
                      "github",
                      new FakeDaemon.F("username", null, false),
                      new FakeDaemon.F("password", null, true));
              default -> writer.error(request.requestId(), ErrorCode.INTERNAL, "unexpected");
            };
    final CliRun run = CliRun.run(daemon.env(), "", "read", "persona://Personal/github/pasword");
    assertEquals(ExitCodes.NOT_FOUND, run.exitCode());
    assertTrue(
        run.err().contains("has no field 'pasword'")
            && run.err().contains("did you mean 'password'?"),
        run.err());
  }

  @Test
  void shouldReadManyReferencesInOneRoundTrip() {
    daemon.handler =
        (request, writer) -> {
          writer.beginReadRefs();
          for (int i = 0; i < request.readRefs().refsLength(); i++) {
            final byte[] value =
                ("value-of-" + request.refSpec(i).field()).getBytes(StandardCharsets.UTF_8);
            writer.addRefValue(value, 0, value.length);
          }
          return writer.endReadRefs(request.requestId());
        };
    final CliRun run =
        CliRun.run(
            daemon.env(),
            "",
            "read",
            "persona://Personal/db/user",
            "persona://Personal/db/password");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("value-of-user\nvalue-of-password\n", run.out());
    assertEquals(List.of(RequestBody.ReadRefsRequest), List.copyOf(daemon.received));
    final CliRun json =
        CliRun.run(daemon.env(), "", "read", "persona://Personal/db/user", "--format", "json");
    assertEquals(
        "{\"values\":[{\"ref\":\"persona://Personal/db/user\",\"value\":\"value-of-user\"}]}\n",
        json.out());
  }

  @Test
  void shouldAgreeBetweenFastPathAndPicocliForRead() {
    daemon.handler =
        (request, writer) -> {
          writer.beginReadRefs();
          final byte[] value = "v1".getBytes(StandardCharsets.UTF_8);
          writer.addRefValue(value, 0, value.length);
          return writer.endReadRefs(request.requestId());
        };
    // FastRead handles these shapes without picocli ...
    assertEquals("v1", CliRun.run(daemon.env(), "", "read", "-n", "persona://A/b/c").out());
    assertEquals(
        "{\"values\":[{\"ref\":\"persona://A/b/c\",\"value\":\"v1\"}]}\n",
        CliRun.run(daemon.env(), "", "read", "--format=json", "persona://A/b/c").out());
    // ... and picocli the rest, with the same result.
    assertEquals(
        "v1",
        CliRun.run(daemon.env(), "", "read", "--no-newline", "--format", "text", "persona://A/b/c")
            .out());
    final CliRun help = CliRun.run(daemon.env(), "", "read", "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("Usage: persona read"), help.out());
    assertEquals(2, CliRun.run(daemon.env(), "", "read", "--bogus", "persona://A/b/c").exitCode());
  }

  @Test
  void shouldRestoreTrashedItemByNameThroughItsId() {
    final List<String> restores = new ArrayList<>();
    daemon.handler =
        (request, writer) ->
            switch (request.bodyType()) {
              case RequestBody.ItemRestoreRequest -> {
                final String item =
                    request.body(new dev.persona.schema.fb.ItemRestoreRequest()).item();
                restores.add(item);
                yield item.equals("id-1")
                    ? writer.ack(request.requestId(), "id-1", 7)
                    : writer.error(
                        request.requestId(), ErrorCode.NOT_FOUND, "not in the name index");
              }
              case RequestBody.ItemListRequest ->
                  FakeDaemon.itemList(writer, request.requestId(), true, "other", "wifi");
              default -> writer.error(request.requestId(), ErrorCode.INTERNAL, "unexpected");
            };
    final CliRun run = CliRun.run(daemon.env(), "", "item", "restore", "wifi");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of("wifi", "id-1"), restores);
    assertTrue(run.out().contains("now revision 7"), run.out());
  }

  @Test
  void shouldRejectMalformedReferenceBeforeContactingDaemon() {
    final CliRun run = CliRun.run(daemon.env(), "", "read", "persona://only-two/segments");
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
    assertTrue(daemon.received.isEmpty());
  }

  @Test
  void shouldMaskConcealedFieldsUnlessRevealIsGiven() {
    daemon.handler =
        (request, writer) ->
            FakeDaemon.itemResponse(
                writer,
                request.requestId(),
                "i1",
                "github",
                new FakeDaemon.F("username", "alice", false),
                new FakeDaemon.F("password", "hunter2", true));
    final CliRun text = CliRun.run(daemon.env(), "", "item", "get", "github");
    assertEquals(0, text.exitCode(), text.err());
    assertTrue(text.out().contains("alice"), text.out());
    assertFalse(text.out().contains("hunter2"), text.out());
    assertTrue(text.out().contains("********"), text.out());
    final CliRun json = CliRun.run(daemon.env(), "", "item", "get", "github", "--format", "json");
    assertFalse(json.out().contains("hunter2"), json.out());
    assertTrue(json.out().contains("{\"name\":\"password\",\"concealed\":true}"), json.out());
    final CliRun revealed =
        CliRun.run(daemon.env(), "", "item", "get", "github", "--reveal", "--format", "json");
    assertTrue(
        revealed.out().contains("{\"name\":\"password\",\"concealed\":true,\"value\":\"hunter2\"}"),
        revealed.out());
    final CliRun field =
        CliRun.run(daemon.env(), "", "item", "get", "github", "--field", "password");
    assertEquals("hunter2\n", field.out());
  }

  @Test
  void shouldSendItemFromJsonWithDefaultConcealment() {
    final List<String> seen = new ArrayList<>();
    daemon.handler =
        (request, writer) -> {
          final ItemCreateRequest create = request.body(new ItemCreateRequest());
          final var item = create.item();
          seen.add(item.name() + "/" + item.type() + "/" + item.urls(0) + "/" + item.tags(0));
          for (int i = 0; i < item.fieldsLength(); i++) {
            final var f = item.fields(i);
            final ByteBuffer v = f.valueAsByteBuffer();
            final byte[] bytes = new byte[v.remaining()];
            v.get(bytes);
            seen.add(
                f.name()
                    + "="
                    + new String(bytes, StandardCharsets.UTF_8)
                    + (f.concealed() ? " (concealed)" : ""));
          }
          return FakeDaemon.itemResponse(writer, request.requestId(), "new-id", item.name());
        };
    final String json =
        "{\"name\":\"github\",\"type\":\"login\",\"fields\":{\"username\":\"me\",\"password\":\"s3cr\\u00e9t\"},\"urls\":[\"https://github.com\"],\"tags\":[\"work\"]}";
    final CliRun run = CliRun.run(daemon.env(), json, "item", "add", "--from-json", "-");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        List.of("github/0/https://github.com/work", "username=me", "password=s3crét (concealed)"),
        seen);
    assertTrue(run.out().contains("created item 'github' (new-id)"), run.out());
  }

  @Test
  void shouldRejectItemJsonWithUnknownMemberAsBadInput() {
    final CliRun run =
        CliRun.run(
            daemon.env(),
            "{\"name\":\"x\",\"passwd\":\"oops\"}",
            "item",
            "add",
            "--from-json",
            "-");
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("unknown member=passwd"), run.err());
    assertFalse(run.err().contains("oops"));
  }

  @Test
  void shouldInitWithPasswordFromStdinOnly() {
    final List<String> seen = new ArrayList<>();
    daemon.handler =
        (request, writer) -> {
          final InitRequest init = request.body(new InitRequest());
          final ByteBuffer pw = init.passwordAsByteBuffer();
          final byte[] bytes = new byte[pw.remaining()];
          pw.get(bytes);
          seen.add(
              new String(bytes, StandardCharsets.UTF_8)
                  + "/"
                  + init.firstVault()
                  + "/"
                  + init.kdfMemoryKib());
          return writer.ack(request.requestId(), "vault-1", 1);
        };
    final CliRun run =
        CliRun.run(
            daemon.env(),
            "correct horse\nsecond line\n",
            "init",
            "--password-stdin",
            "--kdf-memory-kib",
            "64");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of("correct horse/Personal/64"), seen);
  }

  @Test
  void shouldRenderInjectTemplateFromStdin() {
    daemon.handler =
        (request, writer) -> {
          writer.beginReadRefs();
          final byte[] value = "p@ss".getBytes(StandardCharsets.UTF_8);
          writer.addRefValue(value, 0, value.length);
          return writer.endReadRefs(request.requestId());
        };
    final CliRun run =
        CliRun.run(
            daemon.env(),
            "db:\n  password: {{ persona://Work/db/password }}\n  other: {{ not.ours }}\n",
            "inject");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("db:\n  password: p@ss\n  other: {{ not.ours }}\n", run.out());
  }

  @Test
  void shouldWriteInjectOutputFileWithOwnerOnlyPermissions() throws Exception {
    daemon.handler =
        (request, writer) -> {
          writer.beginReadRefs();
          final byte[] value = "v".getBytes(StandardCharsets.UTF_8);
          writer.addRefValue(value, 0, value.length);
          return writer.endReadRefs(request.requestId());
        };
    final Path template = tmp.resolve("t.tpl");
    java.nio.file.Files.writeString(template, "x={{persona://A/b/c}}");
    final Path out = tmp.resolve("out.env");
    final CliRun run =
        CliRun.run(daemon.env(), "", "inject", "-i", template.toString(), "-o", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("x=v", java.nio.file.Files.readString(out));
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            java.nio.file.Files.getPosixFilePermissions(out)));
  }
}
