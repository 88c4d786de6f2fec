package dev.persona.engine.ssh;

/**
 * Key material could not be parsed, decrypted, generated or used.
 *
 * <p>Messages are {@code key=value} pairs naming what is wrong (format, field, type) and never
 * contain key bytes or passphrases.
 */
public final class SshKeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, so callers can map it to an error code without parsing the message. */
  public enum Category {
    /** The bytes do not follow the format they claim. */
    MALFORMED,
    /** Well-formed but not supported here (cipher, key type, size). */
    UNSUPPORTED,
    /** The passphrase is missing or wrong. */
    BAD_PASSPHRASE,
    /** The key was destroyed. */
    DESTROYED,
    /** The JDK or BouncyCastle refused an operation that should work. */
    CRYPTO
  }

  private final Category category;

  public SshKeyException(final Category category, final String message) {
    super("category=" + category + " " + message);
    this.category = category;
  }

  public SshKeyException(final Category category, final String message, final Throwable cause) {
    super("category=" + category + " " + message, cause);
    this.category = category;
  }

  public Category category() {
    return category;
  }
}
