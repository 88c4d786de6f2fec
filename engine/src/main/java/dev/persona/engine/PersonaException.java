package dev.persona.engine;

/**
 * The one exception type the engine throws for bugs, corruption and environment failures; normal
 * outcomes (absent item, locked vault on the hot path) are values instead.
 *
 * <p>Messages are {@code key=value} pairs naming the file, record or field involved and never
 * contain secret bytes.
 */
public class PersonaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is; the server maps it onto a wire {@code ErrorCode}. */
  public enum Category {
    NOT_FOUND,
    LOCKED,
    DENIED,
    CONFLICT,
    BAD_INPUT,
    WRONG_PASSWORD,
    ALREADY_INITIALIZED,
    NOT_INITIALIZED,
    STORE_CORRUPTED,
    STORAGE_FULL,
    INTERNAL
  }

  private final Category category;

  public PersonaException(final Category category, final String message) {
    super(category + ": " + message);
    this.category = category;
  }

  public PersonaException(final Category category, final String message, final Throwable cause) {
    super(category + ": " + message, cause);
    this.category = category;
  }

  public Category category() {
    return category;
  }
}
