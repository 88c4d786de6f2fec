package dev.persona.cli;

/**
 * A command failed in a way the user can act on: carries the exit code ({@link ExitCodes}), a
 * stable error name for {@code --format json}, and a message written for a person ("vault is locked
 * — run `persona unlock`"). Never contains secrets.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final String errorName;

  public CliException(final int exitCode, final String errorName, final String message) {
    super(message);
    this.exitCode = exitCode;
    this.errorName = errorName;
  }

  public CliException(
      final int exitCode, final String errorName, final String message, final Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.errorName = errorName;
  }

  public static CliException badInput(final String message) {
    return new CliException(ExitCodes.BAD_INPUT, "BAD_INPUT", message);
  }

  public static CliException notFound(final String message) {
    return new CliException(ExitCodes.NOT_FOUND, "NOT_FOUND", message);
  }

  public int exitCode() {
    return exitCode;
  }

  public String errorName() {
    return errorName;
  }
}
