package dev.persona.schema.client;

import dev.persona.schema.fb.ErrorCode;
import java.nio.file.Path;

/** Nobody listens on the daemon's socket: it is missing, or the connection was refused. */
public final class DaemonNotRunningException extends PersonaClientException {
  private static final long serialVersionUID = 1L;

  private final String socketPath;

  public DaemonNotRunningException(final String socketPath, final Throwable cause) {
    super(
        ErrorCode.INTERNAL,
        "persona daemon is not running: cannot connect to socket path="
            + socketPath
            + " reason="
            + (cause == null
                ? "unknown"
                : cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage())),
        cause);
    this.socketPath = socketPath;
  }

  /** The socket the client tried. */
  public Path socketPath() {
    return Path.of(socketPath);
  }
}
