package dev.persona.engine;

/** The file system holding the store ran out of space; the failed transaction was rolled back. */
public final class StorageFullException extends PersonaException {
  private static final long serialVersionUID = 1L;

  public StorageFullException(final String message, final Throwable cause) {
    super(Category.STORAGE_FULL, message, cause);
  }
}
