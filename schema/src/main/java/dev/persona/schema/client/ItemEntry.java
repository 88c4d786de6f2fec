package dev.persona.schema.client;

import java.util.List;

/**
 * One item as sent to or received from the daemon. {@code type} is an {@code ItemType} value. Field
 * values are empty in listings and in {@code getItem} without reveal. The caller owns the field
 * value arrays and should zero them ({@link #wipe()}) when done.
 */
public record ItemEntry(
    String id,
    String vault,
    String name,
    int type,
    long revision,
    long createdMs,
    long updatedMs,
    boolean trashed,
    List<FieldEntry> fields,
    List<String> urls,
    List<String> tags,
    List<AttachmentEntry> attachments) {

  /** An item to create or update: the daemon assigns id, vault, revision and times. */
  public static ItemEntry draft(
      final String name,
      final int type,
      final List<FieldEntry> fields,
      final List<String> urls,
      final List<String> tags) {
    return new ItemEntry(null, null, name, type, 0, 0, 0, false, fields, urls, tags, List.of());
  }

  /** Zeroes every field value. */
  public void wipe() {
    for (int i = 0; i < fields.size(); i++) {
      java.util.Arrays.fill(fields.get(i).value(), (byte) 0);
    }
  }
}
