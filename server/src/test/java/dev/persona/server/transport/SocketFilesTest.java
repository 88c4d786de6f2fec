package dev.persona.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketFilesTest {
  @TempDir Path dir;

  @Test
  void shouldCreateSocketDirectoryWithOwnerOnlyMode() throws IOException {
    final Path run = dir.resolve("run");
    SocketFiles.prepareDirectory(run);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run)));
  }

  @Test
  void shouldTightenExistingDirectoryTo0700() throws IOException {
    final Path run = Files.createDirectory(dir.resolve("run"));
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxrwx"));
    SocketFiles.prepareDirectory(run);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run)));
  }

  @Test
  void shouldReplaceStaleSocketLeftByCrashedDaemon() throws IOException {
    final Path socket = dir.resolve("s.sock");
    final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    server.close(); // the file stays, nobody listens: exactly what SIGKILL leaves behind
    assertTrue(Files.exists(socket));
    SocketFiles.claim(socket);
    assertFalse(Files.exists(socket));
  }

  @Test
  void shouldRefuseToStartWhenLiveDaemonOwnsSocket() throws IOException {
    final Path socket = dir.resolve("s.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      final IOException error = assertThrows(IOException.class, () -> SocketFiles.claim(socket));
      assertTrue(error.getMessage().contains("already serving"), error.getMessage());
      assertTrue(Files.exists(socket));
    }
  }

  @Test
  void shouldRefuseToReplaceRegularFile() throws IOException {
    final Path notSocket = Files.writeString(dir.resolve("s.sock"), "precious");
    final IOException error = assertThrows(IOException.class, () -> SocketFiles.claim(notSocket));
    assertTrue(error.getMessage().contains("non-socket"), error.getMessage());
    assertEquals("precious", Files.readString(notSocket));
  }
}
