package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.RequestReader;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.schema.fb.TokenInfo;
import dev.persona.schema.fb.TokenIssueRequest;
import dev.persona.schema.fb.TokenIssueResponse;
import dev.persona.schema.fb.TokenScope;
import dev.persona.schema.fb.UnlockRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI takes its access token from, and how it prints and explains tokens. */
class AccessTokenCliTest {
  private static final String TOKEN = "pst_" + "x".repeat(43);

  @TempDir Path tmp;
  FakeDaemon daemon;
  final List<String> presented = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(tmp);
    daemon.handler =
        (request, writer) -> {
          presented.add(tokenOf(request));
          return FakeDaemon.itemList(writer, request.requestId(), "github");
        };
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private static String tokenOf(final RequestReader request) {
    final ByteBuffer token = request.token();
    if (token == null) {
      return "none";
    }
    final byte[] bytes = new byte[token.remaining()];
    token.get(bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private Map<String, String> env(final String token) {
    final Map<String, String> env = new HashMap<>(daemon.env());
    if (token != null) {
      env.put(AccessTokens.TOKEN_ENV, token);
    }
    return env;
  }

  private Path tokenFile(final String content, final String mode) throws Exception {
    final Path file = tmp.resolve("token-" + mode);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void shouldSendTheTokenFromPersonaTokenWithEveryRequest() {
    assertEquals(0, CliRun.run(env(TOKEN), "", "item", "list").exitCode());
    assertEquals(0, CliRun.run(env(null), "", "item", "list").exitCode());
    assertEquals(List.of(TOKEN, "none"), presented);
  }

  @Test
  void shouldPreferTheTokenFileAndIgnoreItsTrailingNewline() throws Exception {
    final Path file = tokenFile(TOKEN + "\n", "rw-------");
    final CliRun run =
        CliRun.run(env("pst_other"), "", "item", "list", "--token-file", file.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of(TOKEN), presented);
  }

  @Test
  void shouldTakeTheTokenFileOnTheFastReadPathToo() throws Exception {
    daemon.handler =
        (request, writer) -> {
          presented.add(tokenOf(request));
          writer.beginReadRefs();
          writer.addRefValue("v".getBytes(StandardCharsets.UTF_8), 0, 1);
          return writer.endReadRefs(request.requestId());
        };
    final Path file = tokenFile(TOKEN, "r--------");
    final CliRun run = CliRun.run(env(null), "", "read", "persona://P/i/f", "--token-file=" + file);
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("v\n", run.out());
    assertEquals(List.of(TOKEN), presented);
  }

  @Test
  void shouldRefuseATokenFileOthersCanReadWithoutConnecting() throws Exception {
    final Path file = tokenFile(TOKEN, "rw-r--r--");
    final CliRun run = CliRun.run(env(null), "", "item", "list", "--token-file", file.toString());
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("chmod 600"), run.err());
    assertTrue(presented.isEmpty());
  }

  @Test
  void shouldRefuseSomethingThatIsNotATokenWithoutEchoingIt() {
    final CliRun run = CliRun.run(env("my secret password"), "", "item", "list");
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("PERSONA_TOKEN"), run.err());
    assertFalse(run.err().contains("my secret password"), run.err());
  }

  @Test
  void shouldOfferNoOptionThatTakesTheTokenOnTheCommandLine() {
    final CliRun run = CliRun.run(env(null), "", "item", "list", "--token", TOKEN);
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
    assertTrue(presented.isEmpty());
  }

  @Test
  void shouldExit13AndSayHowToGetATokenWhenOneIsRequiredOrExpired() {
    daemon.handler =
        (request, writer) -> writer.error(request.requestId(), ErrorCode.TOKEN_REQUIRED, "needed");
    final CliRun required = CliRun.run(env(null), "", "item", "list");
    assertEquals(ExitCodes.TOKEN, required.exitCode());
    assertTrue(required.err().contains("PERSONA_TOKEN"), required.err());
    assertTrue(required.err().contains("persona unlock --print-token"), required.err());
    daemon.handler =
        (request, writer) ->
            writer.error(request.requestId(), ErrorCode.TOKEN_EXPIRED, "access token expired");
    final CliRun expired = CliRun.run(env(TOKEN), "", "item", "list", "--format", "json");
    assertEquals(ExitCodes.TOKEN, expired.exitCode());
    assertTrue(
        expired.err().startsWith("{\"error\":{\"code\":\"TOKEN_EXPIRED\",\"exitCode\":13,"),
        expired.err());
  }

  @Test
  void shouldExit5NamingTheScopeWhenTheTokenDoesNotCoverTheRequest() {
    daemon.handler =
        (request, writer) ->
            writer.error(
                request.requestId(),
                ErrorCode.DENIED,
                "access token tk_1 is read-only: ItemListRequest refused because it changes"
                    + " the vault");
    final CliRun run = CliRun.run(env(TOKEN), "", "item", "list");
    assertEquals(ExitCodes.DENIED, run.exitCode());
    assertTrue(run.err().contains("access token's scope"), run.err());
    assertTrue(run.err().contains("read-only"), run.err());
  }

  @Test
  void shouldPrintOnlyTheTokenOnStdoutWhenUnlockIsAskedForOne() {
    final List<String> asked = new ArrayList<>();
    daemon.handler =
        (request, writer) -> {
          final UnlockRequest unlock = request.body(new UnlockRequest());
          asked.add(
              unlock.issueToken()
                  + " "
                  + unlock.tokenScope()
                  + " "
                  + unlock.tokenVault()
                  + " "
                  + unlock.tokenTtlMs()
                  + " "
                  + unlock.tokenIdleMs());
          return writer.unlock(
              request.requestId(), TOKEN.getBytes(StandardCharsets.US_ASCII), "tk_1", 99, 100);
        };
    final CliRun run =
        CliRun.run(
            env(null),
            "pw\n",
            "unlock",
            "--password-stdin",
            "--print-token",
            "--scope",
            "read-only",
            "--vault",
            "Work",
            "--ttl",
            "8h",
            "--idle",
            "15m");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(TOKEN + "\n", run.out());
    assertTrue(run.err().contains("tk_1"), run.err());
    assertEquals(List.of("true " + TokenScope.READ_ONLY + " Work 28800000 900000"), asked);
  }

  @Test
  void shouldIssueATokenAndPrintItOnceWithItsMetadataInJson() {
    daemon.handler =
        (request, writer) -> {
          assertEquals(RequestBody.TokenIssueRequest, request.bodyType());
          final TokenIssueRequest issue = request.body(new TokenIssueRequest());
          assertEquals(TokenScope.SSH_ONLY, issue.scope());
          final var b = writer.begin();
          final int info =
              TokenInfo.createTokenInfo(b, b.createString("tk_2"), issue.scope(), 0, 1, 2, 3, 0);
          final int token = b.createByteVector(TOKEN.getBytes(StandardCharsets.US_ASCII));
          return writer.ok(
              request.requestId(),
              ResponseBody.TokenIssueResponse,
              TokenIssueResponse.createTokenIssueResponse(b, token, info));
        };
    final CliRun run =
        CliRun.run(env(null), "", "token", "issue", "--scope", "ssh-only", "--format", "json");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out().startsWith("{\"token\":\"" + TOKEN + "\",\"id\":\"tk_2\",\"scope\":\"ssh-only\""),
        run.out());
  }

  @Test
  void shouldRefuseRevokeWithBothOrNeitherIdAndAll() {
    assertEquals(ExitCodes.BAD_INPUT, CliRun.run(env(null), "", "token", "revoke").exitCode());
    assertEquals(
        ExitCodes.BAD_INPUT,
        CliRun.run(env(null), "", "token", "revoke", "tk_1", "--all").exitCode());
    assertTrue(presented.isEmpty());
  }
}
