package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.cli.json.JsonSyntaxException;
import dev.persona.schema.client.AccessDeniedException;
import dev.persona.schema.client.DaemonNotRunningException;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.VaultLockedException;
import dev.persona.schema.fb.ErrorCode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
  private static final Set<Integer> DOCUMENTED =
      Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);

  @Test
  void shouldMapEveryErrorCodeToADocumentedExitCode() {
    for (int code = 0; code < ErrorCode.names.length; code++) {
      assertTrue(DOCUMENTED.contains(ExitCodes.ofErrorCode(code)), ErrorCode.name(code));
    }
    assertEquals(ExitCodes.GENERIC, ExitCodes.ofErrorCode(9999));
  }

  @Test
  void shouldMapClientExceptions() {
    assertEquals(7, ExitCodes.of(new DaemonNotRunningException("/run/x.sock", null)));
    assertEquals(4, ExitCodes.of(new VaultLockedException("locked")));
    assertEquals(13, ExitCodes.of(new AccessDeniedException(ErrorCode.TOKEN_EXPIRED, "expired")));
    assertEquals(5, ExitCodes.of(new AccessDeniedException(ErrorCode.DENIED, "scope")));
    assertEquals(10, ExitCodes.of(new PersonaClientException(ErrorCode.UNSUPPORTED_VERSION, "v")));
    assertEquals(9, ExitCodes.of(new PersonaClientException(ErrorCode.WRONG_PASSWORD, "pw")));
    assertEquals(
        8, ExitCodes.of(new PersonaClientException(ErrorCode.ALREADY_INITIALIZED, "init")));
  }

  @Test
  void shouldMapCliInputErrorsToBadInput() {
    assertEquals(2, ExitCodes.of(new JsonSyntaxException("json: x")));
    assertEquals(2, ExitCodes.of(new IllegalArgumentException("x")));
    assertEquals(2, ExitCodes.of(CliException.badInput("x")));
    assertEquals(3, ExitCodes.of(CliException.notFound("x")));
    assertEquals(1, ExitCodes.of(new IllegalStateException("bug")));
  }

  @Test
  void shouldExplainWhatToDoNext() {
    assertEquals(
        "vault is locked — run `persona unlock`",
        ErrorReport.message(new VaultLockedException("LOCKED: x")));
    assertTrue(
        ErrorReport.message(new DaemonNotRunningException("/run/p.sock", null))
            .contains("/run/p.sock"));
    assertTrue(
        ErrorReport.message(new PersonaClientException(ErrorCode.NOT_INITIALIZED, "x"))
            .contains("persona init"));
    assertEquals("DAEMON_NOT_RUNNING", ErrorReport.name(new DaemonNotRunningException("/x", null)));
  }
}
