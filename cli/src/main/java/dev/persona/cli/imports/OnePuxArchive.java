package dev.persona.cli.imports;

import dev.persona.cli.json.JsonReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a 1Password {@code .1pux} file, a ZIP archive holding {@code export.data} (JSON) and the
 * attachments under {@code files/<documentId>__<fileName>}. It goes through the archive's central
 * directory ({@link ZipFile}) rather than a stream, so entry order does not matter and a truncated
 * file is reported as such; every read is bounded, so a hostile archive cannot exhaust memory.
 *
 * <p>Not thread-safe.
 */
final class OnePuxArchive implements Closeable {
  /** Largest attachment read into memory for upload; bigger ones are reported, not imported. */
  static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  private static final String EXPORT_DATA = "export.data";
  private static final String FILES = "files/";
  private final ZipFile zip;

  private OnePuxArchive(final ZipFile zip) {
    this.zip = zip;
  }

  static OnePuxArchive open(final Path file) throws IOException {
    try {
      return new OnePuxArchive(new ZipFile(file.toFile(), StandardCharsets.UTF_8));
    } catch (final ZipException e) {
      throw new IllegalArgumentException(
          "1pux: not a readable ZIP archive (" + e.getMessage() + "); is this a .1pux export?", e);
    }
  }

  /**
   * Reads {@code export.data} as UTF-8 into holder[0] (wiped by the caller) and returns its length
   * in chars.
   */
  int exportData(final char[][] holder) throws IOException {
    final ZipEntry entry = zip.getEntry(EXPORT_DATA);
    if (entry == null || entry.isDirectory()) {
      throw new IllegalArgumentException(
          "1pux: the archive has no export.data; is this a 1Password .1pux export?");
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return JsonReader.readAll(new InputStreamReader(in, StandardCharsets.UTF_8), holder);
    } catch (final ZipException e) {
      throw new IllegalArgumentException("1pux: export.data is damaged: " + e.getMessage(), e);
    }
  }

  /**
   * The entry holding an attachment, or null when the archive lacks it. 1Password names them {@code
   * files/<documentId>__<fileName>}; any {@code files/<documentId>…} entry is accepted so that a
   * renamed file still matches by its id.
   */
  ZipEntry attachment(final String documentId, final String fileName) {
    if (documentId == null || documentId.isEmpty()) {
      return null;
    }
    final ZipEntry exact = zip.getEntry(FILES + documentId + "__" + fileName);
    if (exact != null) {
      return exact;
    }
    final Enumeration<? extends ZipEntry> all = zip.entries();
    while (all.hasMoreElements()) {
      final ZipEntry candidate = all.nextElement();
      if (!candidate.isDirectory() && candidate.getName().startsWith(FILES + documentId)) {
        return candidate;
      }
    }
    return null;
  }

  /** The entry's bytes, refusing more than {@link #MAX_FILE_BYTES} whatever its header says. */
  byte[] read(final ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] buffer = new byte[(int) Math.min(Math.max(entry.getSize(), 8192), MAX_FILE_BYTES)];
      int length = 0;
      while (true) {
        if (length == buffer.length) {
          if (length >= MAX_FILE_BYTES) {
            if (in.read() < 0) {
              break;
            }
            Arrays.fill(buffer, (byte) 0);
            throw new IllegalArgumentException(
                "1pux: " + entry.getName() + " is larger than max_bytes=" + MAX_FILE_BYTES);
          }
          final byte[] bigger =
              Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, MAX_FILE_BYTES));
          Arrays.fill(buffer, (byte) 0);
          buffer = bigger;
        }
        final int read = in.read(buffer, length, buffer.length - length);
        if (read < 0) {
          break;
        }
        length += read;
      }
      if (length == buffer.length) {
        return buffer;
      }
      final byte[] exact = Arrays.copyOf(buffer, length);
      Arrays.fill(buffer, (byte) 0);
      return exact;
    } catch (final ZipException e) {
      throw new IllegalArgumentException(
          "1pux: " + entry.getName() + " is damaged: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
