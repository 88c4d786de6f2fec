package dev.persona.server.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The daemon's own uid, read once from {@code /proc/self} (no JNI, no native code). */
public final class OwnUid {
  private static final int UID = read();

  private OwnUid() {}

  /** The uid this process runs as. */
  public static int get() {
    return UID;
  }

  private static int read() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (final IOException ex) {
      throw new UncheckedIOException("cannot read own uid from /proc/self", ex);
    }
  }
}
