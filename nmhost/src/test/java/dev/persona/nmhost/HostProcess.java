package dev.persona.nmhost;

import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code bin/persona-nmhost} launcher as a browser would: stdin written on its own
 * thread (so a host that answers while it reads never deadlocks against a full pipe), stdout and
 * stderr drained concurrently, and a hard deadline after which the host is killed and the run
 * reported as hung.
 */
final class HostProcess {
  private HostProcess() {}

  /** What one host run printed and how it ended; {@code exitCode} is -1 when it hung. */
  record Result(int exitCode, byte[] stdout, String stderr) {
    boolean hung() {
      return exitCode == -1;
    }
  }

  static Result run(
      final DaemonProcess daemon,
      final Map<String, String> extraEnv,
      final List<String> args,
      final byte[] stdin,
      final long timeoutMs)
      throws IOException, InterruptedException {
    final List<String> command = new ArrayList<>();
    command.add(RealTools.repoRoot().resolve("bin/persona-nmhost").toString());
    command.addAll(args);
    final ProcessBuilder builder = new ProcessBuilder(command);
    // Only what the test says: a caller's allow-list or token must not leak in from the shell.
    builder.environment().remove("PERSONA_NMHOST_ALLOWED_ORIGINS");
    builder.environment().remove("PERSONA_TOKEN");
    builder.environment().remove("PERSONA_NMHOST_JAVA_OPTS");
    builder.environment().putAll(daemon.environment());
    builder.environment().putAll(extraEnv);
    final Process host = builder.start();
    final Thread writer =
        Thread.ofPlatform()
            .name("nmhost-stdin")
            .start(
                () -> {
                  try (OutputStream in = host.getOutputStream()) {
                    in.write(stdin);
                  } catch (final IOException hostStoppedReading) {
                    // Expected after an oversized frame: the host answered and exited.
                  }
                });
    final CompletableFuture<byte[]> out = drain(host.getInputStream());
    final CompletableFuture<byte[]> err = drain(host.getErrorStream());
    if (!host.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
      host.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      writer.join(5000);
      return new Result(-1, get(out), new String(get(err), StandardCharsets.UTF_8));
    }
    writer.join(5000);
    return new Result(host.exitValue(), get(out), new String(get(err), StandardCharsets.UTF_8));
  }

  private static CompletableFuture<byte[]> drain(final InputStream stream) {
    final CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread.ofPlatform()
        .start(
            () -> {
              try (stream) {
                result.complete(stream.readAllBytes());
              } catch (final IOException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  private static byte[] get(final CompletableFuture<byte[]> future) throws InterruptedException {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (final ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new UncheckedIOException(new IOException("cannot read the host's output", e));
    }
  }
}
