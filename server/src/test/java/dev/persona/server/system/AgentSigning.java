package dev.persona.server.system;

import dev.persona.server.fixture.DaemonProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** OpenSSH signing through the daemon's agent, as a CI job does it, for the approval ITs. */
final class AgentSigning {
  private AgentSigning() {}

  /**
   * Starts {@code ssh-keygen -Y sign} of a fresh copy of {@code message} named after {@code tag}
   * (in {@code work}) with the key whose public half is {@code pub}; the agent does the signing.
   * Its output goes to {@code work/TAG.log}. It may wait for an approval, so it is not awaited.
   */
  static Process start(
      final DaemonProcess daemon,
      final Path work,
      final Path message,
      final Path pub,
      final String tag)
      throws IOException {
    final Path copy =
        Files.copy(message, work.resolve(tag + ".txt"), StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(Path.of(copy + ".sig"));
    final ProcessBuilder builder =
        new ProcessBuilder(
            "ssh-keygen", "-Y", "sign", "-f", pub.toString(), "-n", "file", copy.toString());
    builder.environment().putAll(daemon.environment());
    builder.redirectErrorStream(true).redirectOutput(work.resolve(tag + ".log").toFile());
    return builder.start();
  }
}
