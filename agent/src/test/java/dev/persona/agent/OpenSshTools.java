package dev.persona.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and runs OpenSSH tools: fails when persona.requireTools=true and one is missing, else
 * aborts.
 */
final class OpenSshTools {
  private OpenSshTools() {}

  static Path require(final String tool) {
    for (final String dir : List.of("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin")) {
      final Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    final String message = "external tool '" + tool + "' not found (install openssh-client/server)";
    if (Boolean.getBoolean("persona.requireTools")) {
      fail(message + " and persona.requireTools=true");
    }
    Assumptions.abort(message);
    return null;
  }

  record Result(int exitCode, String stdout, String stderr) {}

  static Result run(final List<String> command, final Map<String, String> env, final Path stdin)
      throws IOException, InterruptedException {
    final ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    builder.environment().remove("SSH_AUTH_SOCK");
    builder.environment().remove("DISPLAY");
    builder.environment().putAll(env);
    builder.redirectInput(
        stdin == null
            ? ProcessBuilder.Redirect.from(new File("/dev/null"))
            : ProcessBuilder.Redirect.from(stdin.toFile()));
    final Path out = Files.createTempFile("persona-tool", ".out");
    final Path err = Files.createTempFile("persona-tool", ".err");
    builder.redirectOutput(out.toFile());
    builder.redirectError(err.toFile());
    final Process process = builder.start();
    // Files, not pipes: a hung tool must not block the test beyond the timeout.
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("timed out: " + command + " stderr: " + Files.readString(err));
    }
    final String stdout = Files.readString(out);
    final String stderr = Files.readString(err);
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return new Result(process.exitValue(), stdout, stderr);
  }

  static Result runOk(final List<String> command, final Map<String, String> env)
      throws IOException, InterruptedException {
    final Result result = run(command, env, null);
    assertEquals(
        0, result.exitCode(), () -> command + " failed: " + result.stderr() + result.stdout());
    return result;
  }
}
