package dev.persona.cli.command;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the process that listens on the daemon's socket through Linux procfs: the socket's inode
 * from {@code /proc/net/unix}, then the process holding {@code socket:[inode]} among its file
 * descriptors. Needs no pid file and no protocol message, and only sees our own processes (procfs
 * hides other users' fds).
 *
 * <p>Stateless; thread-safe.
 */
final class DaemonProcess {
  private DaemonProcess() {}

  /** The pid listening on socketPath, or -1 when none is found (or procfs is unavailable). */
  static long findListener(final Path socketPath) {
    final long inode = listeningInode(socketPath);
    if (inode < 0) {
      return -1;
    }
    final String target = "socket:[" + inode + "]";
    final long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (final Path proc : procs) {
        final long pid = Long.parseLong(proc.getFileName().toString());
        if (pid == self) {
          continue;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
          for (final Path fd : fds) {
            try {
              if (Files.readSymbolicLink(fd).toString().equals(target)) {
                return pid;
              }
            } catch (final IOException ignored) {
              // The fd closed while we looked.
            }
          }
        } catch (final IOException | SecurityException ignored) {
          // Another user's process, or it exited: not ours to stop.
        }
      }
    } catch (final IOException e) {
      return -1;
    }
    return -1;
  }

  /**
   * /proc/net/unix lines: {@code Num RefCount Protocol Flags Type St Inode Path}; a listening
   * socket has the __SO_ACCEPTCON flag (0x10000) set.
   */
  static long listeningInode(final Path socketPath) {
    final List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/net/unix"));
    } catch (final IOException e) {
      return -1;
    }
    final String path = socketPath.toAbsolutePath().normalize().toString();
    for (final String line : lines) {
      final String[] parts = line.trim().split("\\s+");
      if (parts.length >= 8 && parts[7].equals(path)) {
        try {
          final long flags = Long.parseLong(parts[3], 16);
          if ((flags & 0x10000) != 0) {
            return Long.parseLong(parts[6]);
          }
        } catch (final NumberFormatException ignored) {
          // Header line or an unexpected format: keep looking.
        }
      }
    }
    return -1;
  }
}
