package dev.persona.engine;

/** A store directory or file is readable by others, owned by someone else, or not accessible. */
public final class FilePermissionException extends PersonaException {
  private static final long serialVersionUID = 1L;

  public FilePermissionException(final String message) {
    super(Category.DENIED, message);
  }
}
