package dev.persona.cli;

import dev.persona.cli.json.JsonSyntaxException;
import dev.persona.schema.client.DaemonNotRunningException;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.fb.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The documented exit codes of {@code persona} (table in cli/README.md) and the one mapping from
 * failures to them: the daemon's {@link ErrorCode}, the client's exceptions, and the CLI's own
 * input errors. {@code persona run} exits with its child's code instead, as {@code env} does.
 *
 * <p>Stateless; thread-safe.
 */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
  public static final int OK = 0;
  public static final int GENERIC = 1;
  public static final int BAD_INPUT = 2;
  public static final int NOT_FOUND = 3;
  public static final int LOCKED = 4;
  public static final int DENIED = 5;
  public static final int APPROVAL_REQUIRED = 6;
  public static final int DAEMON_UNREACHABLE = 7;
  public static final int CONFLICT = 8;
  public static final int WRONG_PASSWORD = 9;
  public static final int VERSION_MISMATCH = 10;
  public static final int NOT_INITIALIZED = 11;
  public static final int BUSY = 12;

  /** No access token, or an expired, idle, revoked or unknown one: get one and retry. */
  public static final int TOKEN = 13;

  @Override
  public int getExitCode(final Throwable exception) {
    return of(exception);
  }

  /** The exit code for any failure a command can raise. */
  public static int of(final Throwable exception) {
    if (exception instanceof CliException cli) {
      return cli.exitCode();
    }
    if (exception instanceof DaemonNotRunningException) {
      return DAEMON_UNREACHABLE;
    }
    if (exception instanceof PersonaClientException client) {
      return ofErrorCode(client.errorCode());
    }
    if (exception instanceof CommandLine.ParameterException
        || exception instanceof JsonSyntaxException
        || exception instanceof IllegalArgumentException) {
      return BAD_INPUT;
    }
    if (exception instanceof IOException || exception instanceof UncheckedIOException) {
      return GENERIC;
    }
    return GENERIC;
  }

  /** The exit code for a daemon {@link ErrorCode} value. */
  public static int ofErrorCode(final int errorCode) {
    return switch (errorCode) {
      case ErrorCode.OK -> OK;
      case ErrorCode.NOT_FOUND -> NOT_FOUND;
      case ErrorCode.LOCKED -> LOCKED;
      case ErrorCode.DENIED, ErrorCode.APPROVAL_TIMEOUT -> DENIED;
      case ErrorCode.TOKEN_REQUIRED, ErrorCode.TOKEN_EXPIRED -> TOKEN;
      case ErrorCode.APPROVAL_REQUIRED -> APPROVAL_REQUIRED;
      case ErrorCode.CONFLICT, ErrorCode.ALREADY_EXISTS, ErrorCode.ALREADY_INITIALIZED -> CONFLICT;
      case ErrorCode.WRONG_PASSWORD -> WRONG_PASSWORD;
      case ErrorCode.UNSUPPORTED_VERSION, ErrorCode.HANDSHAKE_REQUIRED -> VERSION_MISMATCH;
      case ErrorCode.BAD_INPUT, ErrorCode.TOO_LARGE -> BAD_INPUT;
      case ErrorCode.NOT_INITIALIZED -> NOT_INITIALIZED;
      case ErrorCode.BUSY, ErrorCode.RATE_LIMITED -> BUSY;
      default ->
          GENERIC; // MALFORMED, INTERNAL, UNSUPPORTED_OPERATION and codes newer than this CLI
    };
  }
}
