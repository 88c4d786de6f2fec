package dev.persona.engine.store;

/** The named LMDB databases of one store (DESIGN §3); see {@link KeyLayout} for their keys. */
public enum Db {
  META("meta"),
  ITEMS("items"),
  HISTORY("history"),
  INDEX("index"),
  BLOBS("blobs"),
  OUTBOX("outbox"),
  AUDIT("audit");

  private final String dbName;

  Db(final String dbName) {
    this.dbName = dbName;
  }

  public String dbName() {
    return dbName;
  }
}
