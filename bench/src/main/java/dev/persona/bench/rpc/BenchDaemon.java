package dev.persona.bench.rpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code bin/personad} for load tools: a throwaway home under /tmp, test-only KDF parameters
 * (so set-up is instant), started as a process and stopped by pid.
 */
final class BenchDaemon implements AutoCloseable {
  final Path base;
  final Path rpcSocket;
  final Process process;

  private BenchDaemon(final Path base, final Process process) {
    this.base = base;
    this.rpcSocket = base.resolve("run/persona.sock");
    this.process = process;
  }

  static BenchDaemon start(final Path repoRoot) throws IOException, InterruptedException {
    final Path base = Files.createTempDirectory(Path.of("/tmp"), "bench");
    final Path home = Files.createDirectory(base.resolve("home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    final ProcessBuilder builder = new ProcessBuilder(repoRoot.resolve("bin/personad").toString());
    builder.environment().put("PERSONA_HOME", home.toString());
    builder.environment().put("PERSONA_RUNTIME_DIR", base.resolve("run").toString());
    builder
        .environment()
        .put(
            "PERSONAD_JAVA_OPTS",
            "-Dpersona.test.kdf.tiny=true " + System.getProperty("persona.bench.daemon.opts", ""));
    builder.redirectErrorStream(true).redirectOutput(base.resolve("personad.log").toFile());
    final BenchDaemon daemon = new BenchDaemon(base, builder.start());
    waitForSocket(daemon.rpcSocket, daemon.process);
    return daemon;
  }

  static void waitForSocket(final Path socket, final Process process)
      throws IOException, InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (!process.isAlive()) {
        throw new IOException("server exited before opening " + socket);
      }
      if (Files.exists(socket)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException("no socket after 30 s: " + socket);
  }

  /** Resident set size of the daemon now, in KiB. */
  long rssKiB() throws IOException {
    for (final String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (final InterruptedException ex) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
