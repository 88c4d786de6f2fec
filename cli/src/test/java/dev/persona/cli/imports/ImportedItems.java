package dev.persona.cli.imports;

import dev.persona.cli.item.ItemDraft;
import java.nio.charset.StandardCharsets;

/** Looking into what an importer produced, for the importer tests. */
final class ImportedItems {
  private ImportedItems() {}

  /** The field's value as UTF-8 text, or null when the draft has no such field. */
  static String value(final ItemDraft draft, final String field) {
    final ItemDraft.Field f = draft.findField(field);
    return f == null ? null : new String(f.value(), StandardCharsets.UTF_8);
  }

  /** The imported entry whose item is called {@code name}; fails the test when there is none. */
  static ImportBatch.Entry entry(final ImportBatch batch, final String name) {
    for (final ImportBatch.Entry entry : batch.entries()) {
      if (entry.draft().name().equals(name)) {
        return entry;
      }
    }
    throw new AssertionError("no item named " + name);
  }
}
