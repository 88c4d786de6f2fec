package dev.persona.engine;

/**
 * A store file is not what the engine wrote: bad magic, truncated, or a record failed
 * authentication.
 */
public final class StoreCorruptedException extends PersonaException {
  private static final long serialVersionUID = 1L;

  public StoreCorruptedException(final String message) {
    super(Category.STORE_CORRUPTED, message);
  }

  public StoreCorruptedException(final String message, final Throwable cause) {
    super(Category.STORE_CORRUPTED, message, cause);
  }
}
