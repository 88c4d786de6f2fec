package dev.persona.engine.store;

import dev.persona.engine.FilePermissionException;
import dev.persona.engine.PersonaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Creates the store's directories (0700) and checks that nobody else can read its files (0600). */
public final class StoreFiles {
  static final Set<PosixFilePermission> GROUP_OR_OTHER =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private StoreFiles() {}

  /** Creates {@code dir} (and parents) with mode 0700, or checks the existing one. */
  public static void ensurePrivateDirectory(final Path dir) {
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      if (!Files.isDirectory(dir)) {
        throw new PersonaException(
            PersonaException.Category.BAD_INPUT, "file=" + dir + " problem=not a directory");
      }
      checkPrivate(dir, "rwx------");
    } catch (final IOException e) {
      throw new FilePermissionException("file=" + dir + " problem=cannot create " + e);
    }
  }

  /** Fails when {@code file} exists and has any group/other permission bit or another owner. */
  public static void checkPrivate(final Path file, final String expected) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      final Set<PosixFilePermission> perms =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      for (final PosixFilePermission p : perms) {
        if (GROUP_OR_OTHER.contains(p)) {
          throw new FilePermissionException(
              "file="
                  + file
                  + " problem=accessible to other users mode="
                  + PosixFilePermissions.toString(perms)
                  + " expected="
                  + expected
                  + " fix=chmod go-rwx");
        }
      }
      final int owner = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      final int me = currentUid();
      if (me >= 0 && owner != me) {
        throw new FilePermissionException(
            "file=" + file + " problem=owned by another user ownerUid=" + owner + " uid=" + me);
      }
    } catch (final IOException e) {
      throw new FilePermissionException("file=" + file + " problem=cannot stat " + e);
    }
  }

  public static void makePrivate(final Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (final IOException e) {
      throw new FilePermissionException("file=" + file + " problem=cannot chmod 0600 " + e);
    }
  }

  static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (final IOException | UnsupportedOperationException e) {
      return -1;
    }
  }
}
