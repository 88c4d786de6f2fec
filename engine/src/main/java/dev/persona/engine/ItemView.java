package dev.persona.engine;

import java.util.List;

/** One decrypted revision of an item, as returned to callers; zero it when done. */
public record ItemView(
    String id,
    String vault,
    String name,
    ItemType type,
    long revision,
    long createdMs,
    long updatedMs,
    boolean trashed,
    List<Field> fields,
    List<String> urls,
    List<String> tags,
    List<AttachmentInfo> attachments) {

  /** The first field with this name, or null. */
  public Field field(final String fieldName) {
    for (final Field f : fields) {
      if (f.name().equals(fieldName)) {
        return f;
      }
    }
    return null;
  }

  /** A draft with the same content, e.g. to change one field and update. Shares value arrays. */
  public ItemDraft toDraft() {
    return new ItemDraft(name, type, fields, urls, tags);
  }

  public void zero() {
    for (final Field f : fields) {
      f.zero();
    }
  }
}
