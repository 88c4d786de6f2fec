package dev.persona.cli;

import dev.persona.cli.json.JsonWriter;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.client.DaemonNotRunningException;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.fb.ErrorCode;
import java.io.PrintStream;
import picocli.CommandLine;

/**
 * Turns a failure into what the user reads: one line saying what is wrong and what to do next
 * ("vault is locked — run `persona unlock`"), or with {@code --format json} a stable error document
 * on stderr: {@code {"error":{"code":"LOCKED","exitCode":4,"message":"..."}}}. Messages never
 * contain secrets (the client's and ours are written that way).
 *
 * <p>Stateless; thread-safe.
 */
public final class ErrorReport {
  private ErrorReport() {}

  /** The stable error name shown in JSON: the daemon's ErrorCode name or one of the CLI's own. */
  public static String name(final Throwable e) {
    if (e instanceof CliException cli) {
      return cli.errorName();
    }
    if (e instanceof DaemonNotRunningException) {
      return "DAEMON_NOT_RUNNING";
    }
    if (e instanceof PersonaClientException client) {
      return client.errorName();
    }
    if (e instanceof CommandLine.ParameterException) {
      return "USAGE";
    }
    if (e instanceof IllegalArgumentException
        || e instanceof dev.persona.cli.json.JsonSyntaxException) {
      return "BAD_INPUT";
    }
    return "INTERNAL";
  }

  /** One human line for the failure. */
  public static String message(final Throwable e) {
    if (e instanceof CliException) {
      return e.getMessage();
    }
    if (e instanceof DaemonNotRunningException notRunning) {
      return "daemon not running (nothing answers on "
          + notRunning.socketPath()
          + ") — start it with `persona daemon start`";
    }
    if (e instanceof PersonaClientException client) {
      final String detail = client.getMessage() == null ? "" : " (" + client.getMessage() + ")";
      return switch (client.errorCode()) {
        case ErrorCode.LOCKED -> "vault is locked — run `persona unlock`";
        case ErrorCode.NOT_INITIALIZED -> "no vault yet — run `persona init`";
        case ErrorCode.ALREADY_INITIALIZED ->
            "already initialized — use `persona unlock`, or another PERSONA_HOME";
        case ErrorCode.WRONG_PASSWORD -> "wrong password";
        case ErrorCode.RATE_LIMITED -> "too many failed attempts; wait and retry" + detail;
        case ErrorCode.APPROVAL_REQUIRED ->
            "approval required"
                + (client.approvalId() == null
                    ? ""
                    : " — run `persona approve " + client.approvalId() + "` in another terminal");
        case ErrorCode.APPROVAL_TIMEOUT -> "approval timed out (denied)" + detail;
        case ErrorCode.DENIED ->
            (detail.contains("access token")
                    ? "denied by the access token's scope"
                    : "denied by policy")
                + detail;
        case ErrorCode.TOKEN_REQUIRED ->
            "the daemon requires an access token — set PERSONA_TOKEN or use --token-file"
                + " (get one with `persona unlock --print-token`)";
        case ErrorCode.TOKEN_EXPIRED ->
            "access token no longer valid"
                + detail
                + " — get a new one with `persona unlock --print-token`";
        case ErrorCode.UNSUPPORTED_VERSION, ErrorCode.HANDSHAKE_REQUIRED ->
            "version mismatch: this persona speaks protocol "
                + RpcFrameDescriptor.MIN_PROTOCOL_VERSION
                + ".."
                + RpcFrameDescriptor.MAX_PROTOCOL_VERSION
                + " but the daemon does not — restart it with `persona daemon stop` after an upgrade"
                + detail;
        case ErrorCode.CONFLICT ->
            "conflict: the item changed since it was read"
                + (client.currentRevision() > 0
                    ? " (now at revision " + client.currentRevision() + ")"
                    : "")
                + " — read it again and retry";
        case ErrorCode.BAD_INPUT ->
            "bad input" + (client.field() == null ? "" : ": " + client.field()) + detail;
        case ErrorCode.BUSY -> "daemon busy; retry" + detail;
        default -> client.errorName().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + detail;
      };
    }
    final String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** Prints the failure to err as text or JSON and returns its exit code. */
  public static int report(final Throwable e, final PrintStream err, final boolean json) {
    final int exitCode = ExitCodes.of(e);
    if (json) {
      new JsonWriter(err)
          .beginObject()
          .name("error")
          .beginObject()
          .name("code")
          .value(name(e))
          .name("exitCode")
          .value(exitCode)
          .name("message")
          .value(message(e))
          .endObject()
          .endObject();
      err.println();
    } else {
      err.println("persona: " + message(e));
    }
    err.flush();
    return exitCode;
  }
}
