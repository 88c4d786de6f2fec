package dev.persona.cli.imports;

import dev.persona.cli.item.ItemDraft;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an importer read from one export file: the items to create, in file order, each with the
 * attachments that go with it, and one line for everything it deliberately left out (trashed
 * entries, history, attachments it could not find) so that nothing is dropped silently. Parsing
 * finishes before the first item is sent, so a malformed file imports nothing.
 *
 * <p>Not thread-safe; owned by the import command, which closes it (wiping every value and closing
 * the archive on-demand attachments are read from).
 */
public final class ImportBatch implements AutoCloseable {
  /** One item and its attachments. */
  public record Entry(ItemDraft draft, List<ImportedFile> files) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();
  private final Closeable source;

  /** A batch whose on-demand attachments read from source (closed with the batch), or null. */
  public ImportBatch(final Closeable source) {
    this.source = source;
  }

  /** A batch of drafts without attachments or skips, for the importers that produce only items. */
  public static ImportBatch of(final List<ItemDraft> drafts) {
    final ImportBatch batch = new ImportBatch(null);
    for (final ItemDraft draft : drafts) {
      batch.add(draft);
    }
    return batch;
  }

  public Entry add(final ItemDraft draft) {
    final Entry entry = new Entry(draft, new ArrayList<>());
    entries.add(entry);
    return entry;
  }

  /** Records something left out, as one line a person reads ("'Old bank' (in the trash)"). */
  public void skip(final String what) {
    skipped.add(what);
  }

  public List<Entry> entries() {
    return entries;
  }

  public List<String> skipped() {
    return skipped;
  }

  public int fileCount() {
    int count = 0;
    for (final Entry entry : entries) {
      count += entry.files().size();
    }
    return count;
  }

  @Override
  public void close() throws IOException {
    for (final Entry entry : entries) {
      entry.draft().wipe();
      for (final ImportedFile file : entry.files()) {
        file.wipe();
      }
    }
    if (source != null) {
      source.close();
    }
  }
}
