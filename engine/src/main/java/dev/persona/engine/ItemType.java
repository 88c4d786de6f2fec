package dev.persona.engine;

/** Item kinds; the code is stored in the sealed record and never renumbered. */
public enum ItemType {
  LOGIN(1),
  SECURE_NOTE(2),
  API_CREDENTIAL(3),
  SSH_KEY(4);

  private final int code;

  ItemType(final int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static ItemType ofCode(final int code) {
    for (final ItemType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new StoreCorruptedException("field=itemType code=" + code);
  }
}
