package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.persona.schema.fb.UnlockRequest;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no-echo password prompt through a real pseudo-terminal: util-linux {@code script} gives a CLI
 * JVM a pty, we type the password only once the prompt is shown, and check that the daemon got it
 * and the terminal never echoed it.
 */
class TerminalPromptTest {
  @TempDir Path tmp;

  @Test
  @Timeout(60)
  void shouldPromptWithoutEchoOnARealTerminal() throws Exception {
    final File script = new File("/usr/bin/script");
    if (!script.canExecute()) {
      if (Boolean.getBoolean("persona.requireTools")) {
        fail("util-linux `script` is required for the pty test (apt-get install -y bsdutils)");
      }
      Assumptions.abort("util-linux `script` not installed: pty prompt test skipped");
    }
    final List<String> received = new ArrayList<>();
    try (FakeDaemon daemon = new FakeDaemon(tmp)) {
      daemon.handler =
          (request, writer) -> {
            final ByteBuffer pw = request.body(new UnlockRequest()).passwordAsByteBuffer();
            final byte[] bytes = new byte[pw.remaining()];
            pw.get(bytes);
            synchronized (received) {
              received.add(new String(bytes, StandardCharsets.UTF_8));
            }
            return writer.unlock(request.requestId(), null, null, 0, 0);
          };
      final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      final String command =
          String.join(
              " ",
              java,
              "-cp",
              "'" + System.getProperty("java.class.path") + "'",
              Main.class.getName(),
              "unlock");
      final ProcessBuilder builder =
          new ProcessBuilder(script.getPath(), "-qec", command, "/dev/null");
      final Map<String, String> env = builder.environment();
      env.putAll(daemon.env());
      builder.redirectErrorStream(true);
      final Process process = builder.start();
      final ByteArrayOutputStream screen = new ByteArrayOutputStream();
      final Thread reader = Thread.ofPlatform().start(() -> copy(process.getInputStream(), screen));
      waitFor(screen, "Master password: ", process);
      final OutputStream keyboard = process.getOutputStream();
      keyboard.write("hunter2-typed\n".getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "cli did not finish: " + text(screen));
      reader.join(5000);
      final String shown = text(screen);
      assertEquals(0, process.exitValue(), shown);
      assertEquals(List.of("hunter2-typed"), received);
      assertFalse(shown.contains("hunter2"), "password echoed: " + shown);
      assertTrue(shown.contains("unlocked"), shown);
    }
  }

  private static void waitFor(
      final ByteArrayOutputStream screen, final String text, final Process process)
      throws InterruptedException {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!text(screen).contains(text)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        fail("no prompt '" + text + "' on the terminal: " + text(screen));
      }
      Thread.sleep(20);
    }
  }

  private static String text(final ByteArrayOutputStream screen) {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }

  private static void copy(final InputStream in, final ByteArrayOutputStream screen) {
    final byte[] buffer = new byte[1024];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (screen) {
          screen.write(buffer, 0, n);
        }
      }
    } catch (final IOException ignored) {
      // process ended
    }
  }
}
