package dev.persona.engine.ssh;

import dev.persona.engine.PersonaException;

/**
 * Key material could not be parsed, decrypted, generated or used.
 *
 * <p>A {@link PersonaException} whose {@link #category()} maps onto the wire error codes, with a
 * finer {@link #kind()} for callers that care (e.g. to ask for the passphrase again). Messages are
 * {@code key=value} pairs naming what is wrong (format, field, type) and never contain key bytes or
 * passphrases.
 */
public final class SshKeyException extends PersonaException {
  private static final long serialVersionUID = 1L;

  /** What went wrong with the key. */
  public enum Kind {
    /** The bytes do not follow the format they claim. */
    MALFORMED(Category.BAD_INPUT),
    /** Well-formed but not supported here (cipher, key type, size). */
    UNSUPPORTED(Category.BAD_INPUT),
    /** The passphrase is missing or wrong. */
    BAD_PASSPHRASE(Category.WRONG_PASSWORD),
    /** The key was destroyed (locked or removed). */
    DESTROYED(Category.LOCKED),
    /** The JDK or BouncyCastle refused an operation that should work. */
    CRYPTO(Category.INTERNAL);

    private final Category category;

    Kind(final Category category) {
      this.category = category;
    }
  }

  private final Kind kind;

  public SshKeyException(final Kind kind, final String message) {
    super(kind.category, "kind=" + kind + " " + message);
    this.kind = kind;
  }

  public SshKeyException(final Kind kind, final String message, final Throwable cause) {
    super(kind.category, "kind=" + kind + " " + message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
