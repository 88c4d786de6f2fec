package dev.persona.engine.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Finds and runs OpenSSH tools for tests: fails when persona.requireTools=true, else aborts. */
final class ExternalTools {
  private ExternalTools() {}

  static Path require(final String tool) {
    for (final String dir : List.of("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin")) {
      final Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    final String message = "external tool '" + tool + "' not found (install openssh-client)";
    if (Boolean.getBoolean("persona.requireTools")) {
      fail(message + " and persona.requireTools=true");
    }
    Assumptions.abort(message);
    return null;
  }

  record Result(int exitCode, String stdout, String stderr) {}

  static Result run(final List<String> command) throws IOException, InterruptedException {
    final ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    final Process process = builder.start();
    final byte[] out = process.getInputStream().readAllBytes();
    final byte[] err = process.getErrorStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("timed out: " + command);
    }
    return new Result(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  static Result runOk(final List<String> command) throws IOException, InterruptedException {
    final Result result = run(command);
    assertEquals(0, result.exitCode(), () -> command + " failed: " + result.stderr());
    return result;
  }
}
