package dev.persona.server.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Prepares the socket directory (0700, ours) and the socket path before bind, and locks the socket
 * file down to 0600 after it.
 *
 * <p>A socket left behind by a crashed daemon refuses connections and is replaced; a socket that
 * still answers belongs to a live daemon, and starting a second one is refused with a clear
 * message. Called on the start-up thread only.
 */
public final class SocketFiles {
  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> SOCKET_MODE =
      PosixFilePermissions.fromString("rw-------");

  private SocketFiles() {}

  /** Creates or tightens {@code dir} to 0700, refusing a directory owned by another user. */
  public static void prepareDirectory(final Path dir) throws IOException {
    Files.createDirectories(dir);
    if (Files.isSymbolicLink(dir)) {
      throw new IOException("socket directory is a symbolic link: path=" + dir);
    }
    final int ownerUid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (ownerUid != OwnUid.get()) {
      throw new IOException(
          "socket directory is owned by another user: path=" + dir + " ownerUid=" + ownerUid);
    }
    Files.setPosixFilePermissions(dir, DIR_MODE);
  }

  /**
   * Makes {@code socket} free to bind: fails when a live daemon answers on it, deletes it when it
   * is a stale socket, and refuses to touch anything that is not a socket.
   */
  public static void claim(final Path socket) throws IOException {
    if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!"socket".equals(fileType(socket))) {
      throw new IOException("refusing to replace a non-socket file: path=" + socket);
    }
    if (answers(socket)) {
      throw new DaemonAlreadyRunningException(socket);
    }
    Files.delete(socket);
  }

  /** Restricts a freshly bound socket to its owner. */
  public static void restrict(final Path socket) throws IOException {
    Files.setPosixFilePermissions(socket, SOCKET_MODE);
  }

  /** Whether some process accepts connections on {@code socket}. */
  public static boolean answers(final Path socket) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (final IOException ex) {
      return false;
    }
  }

  private static String fileType(final Path path) throws IOException {
    final int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & 0170000) == 0140000 ? "socket" : "other";
  }

  /** Another daemon already serves this socket. */
  public static final class DaemonAlreadyRunningException extends IOException {
    private static final long serialVersionUID = 1L;

    DaemonAlreadyRunningException(final Path socket) {
      super(
          "another personad is already serving "
              + socket
              + " (stop it with `persona daemon stop`)");
    }
  }
}
