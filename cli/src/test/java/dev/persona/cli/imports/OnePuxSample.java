package dev.persona.cli.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds the sample {@code .1pux} from the hand-written files under {@code imports/onepux/} (kept
 * as text so a reviewer can read them), zipped the way 1Password lays the archive out.
 */
public final class OnePuxSample {
  /** The archive's entries, export.data last so that entry order cannot matter to the reader. */
  public static final List<String> ENTRIES =
      List.of(
          "export.attributes",
          "files/o2xjvl3e6hrgnvvfs3vhxhmqdu__passport.txt",
          "files/k3m6yw4ijrhmzfpaqh5yfjdavy__config.txt",
          "export.data");

  private OnePuxSample() {}

  /** Writes the sample archive to dir and returns its path. */
  public static Path write(final Path dir) throws IOException {
    return write(dir.resolve("1PasswordExport-RTN4SQAPRVCS7GCDSEGOPLJ3LE.1pux"), ENTRIES, null);
  }

  /**
   * Writes an archive of the named sample entries; replacement, when not null, replaces the content
   * of export.data.
   */
  public static Path write(final Path file, final List<String> entries, final byte[] replacement)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (final String name : entries) {
        zip.putNextEntry(new ZipEntry(name));
        if (replacement != null && name.equals("export.data")) {
          zip.write(replacement);
        } else {
          try (InputStream in = OnePuxSample.class.getResourceAsStream("onepux/" + name)) {
            in.transferTo(zip);
          }
        }
        zip.closeEntry();
      }
    }
    return file;
  }
}
