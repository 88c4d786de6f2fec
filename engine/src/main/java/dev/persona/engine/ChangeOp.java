package dev.persona.engine;

import java.util.List;

/**
 * One entry of the change outbox, written in the same transaction as the change it describes.
 *
 * @param seq outbox sequence, strictly increasing
 * @param hlc hybrid logical clock: epoch ms in the upper 48 bits, a counter in the lower 16
 * @param fields names of the fields whose value changed (empty for whole-item operations)
 */
public record ChangeOp(
    long seq,
    long hlc,
    Type type,
    String vaultId,
    String itemId,
    long revision,
    List<String> fields) {

  /** What changed; the code is stored on disk. */
  public enum Type {
    CREATE(1),
    UPDATE(2),
    TRASH(3),
    RESTORE(4),
    PURGE(5),
    ATTACH(6),
    DETACH(7),
    VAULT_CREATE(8),
    VAULT_RENAME(9),
    VAULT_DELETE(10),
    VAULT_POLICY(11);

    private final int code;

    Type(final int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Type ofCode(final int code) {
      for (final Type t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      throw new StoreCorruptedException("db=outbox field=type code=" + code);
    }
  }
}
