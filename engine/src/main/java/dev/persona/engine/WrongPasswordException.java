package dev.persona.engine;

/**
 * The master password did not unwrap the workspace key, or the caller must wait before retrying.
 */
public final class WrongPasswordException extends PersonaException {
  private static final long serialVersionUID = 1L;
  private final long retryAfterMs;
  private final int failedAttempts;

  public WrongPasswordException(
      final String message, final int failedAttempts, final long retryAfterMs) {
    super(
        Category.WRONG_PASSWORD,
        message + " failedAttempts=" + failedAttempts + " retryAfterMs=" + retryAfterMs);
    this.failedAttempts = failedAttempts;
    this.retryAfterMs = retryAfterMs;
  }

  /** Milliseconds until the next attempt will be tried at all; 0 when it may be retried now. */
  public long retryAfterMs() {
    return retryAfterMs;
  }

  public int failedAttempts() {
    return failedAttempts;
  }
}
