package dev.persona.engine;

/** An update named a revision that is no longer the item's current one. */
public final class ConflictException extends PersonaException {
  private static final long serialVersionUID = 1L;
  private final long currentRevision;

  public ConflictException(
      final String itemId, final long expectedRevision, final long currentRevision) {
    super(
        Category.CONFLICT,
        "item="
            + itemId
            + " expectedRevision="
            + expectedRevision
            + " currentRevision="
            + currentRevision);
    this.currentRevision = currentRevision;
  }

  public long currentRevision() {
    return currentRevision;
  }
}
