package dev.persona.cli.imports;

import java.io.IOException;
import java.net.URLConnection;
import java.util.Arrays;

/**
 * One attachment an importer found for an item: its name, content type and length, and its bytes —
 * held in memory (decoded from the export, wiped by {@link #wipe()}) or read on demand from the
 * export archive, so that a large export never holds every attachment at once.
 *
 * <p>Not thread-safe; owned by the {@link ImportBatch} it belongs to.
 */
public final class ImportedFile {
  /** Reads the content from where the export keeps it. */
  @FunctionalInterface
  public interface Loader {
    byte[] load() throws IOException;
  }

  private final String name;
  private final String contentType;
  private final long length;
  private final byte[] bytes;
  private final Loader loader;

  private ImportedFile(
      final String name,
      final String contentType,
      final long length,
      final byte[] bytes,
      final Loader loader) {
    this.name = name;
    this.contentType = contentType;
    this.length = length;
    this.bytes = bytes;
    this.loader = loader;
  }

  /** A file whose bytes the export held inline; this object takes ownership of bytes. */
  public static ImportedFile inMemory(final String name, final byte[] bytes) {
    return new ImportedFile(name, contentTypeOf(name), bytes.length, bytes, null);
  }

  /** A file read from the export only when it is uploaded. */
  public static ImportedFile onDemand(final String name, final long length, final Loader loader) {
    return new ImportedFile(name, contentTypeOf(name), length, null, loader);
  }

  public String name() {
    return name;
  }

  public String contentType() {
    return contentType;
  }

  public long length() {
    return length;
  }

  /** The content in a fresh array that the caller wipes. */
  public byte[] content() throws IOException {
    return bytes != null ? bytes.clone() : loader.load();
  }

  public void wipe() {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Guessed from the file name (the JDK's table), else application/octet-stream. */
  static String contentTypeOf(final String fileName) {
    final String guessed = URLConnection.getFileNameMap().getContentTypeFor(fileName);
    return guessed == null ? "application/octet-stream" : guessed;
  }

  /** Never prints the content: an attachment may be a key file. */
  @Override
  public String toString() {
    return "ImportedFile[name=" + name + ", length=" + length + "]";
  }
}
