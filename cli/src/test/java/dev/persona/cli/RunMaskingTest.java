package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.fb.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code persona run} against a real child process ({@code sh}), with references resolved by a fake
 * daemon.
 */
class RunMaskingTest {
  @TempDir Path tmp;
  FakeDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(tmp);
    daemon.handler =
        (request, writer) -> {
          writer.beginReadRefs();
          for (int i = 0; i < request.readRefs().refsLength(); i++) {
            final String field = request.refSpec(i).field();
            if (field.equals("missing")) {
              writer.addRefError(ErrorCode.DENIED);
            } else {
              final byte[] value = ("S3cret-" + field).getBytes(StandardCharsets.UTF_8);
              writer.addRefValue(value, 0, value.length);
            }
          }
          return writer.endReadRefs(request.requestId());
        };
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private Map<String, String> env(final String key, final String value) {
    final Map<String, String> env = new HashMap<>(daemon.env());
    env.put(key, value);
    return env;
  }

  @Test
  void shouldGiveChildTheSecretButMaskItInOutput() {
    final CliRun run =
        CliRun.run(
            env("DB_PASSWORD", "persona://Work/db/password"),
            "",
            "run",
            "--",
            "sh",
            "-c",
            "echo \"out=$DB_PASSWORD\"; echo \"err=$DB_PASSWORD\" >&2; test \"$DB_PASSWORD\" = S3cret-password && echo child-saw-real-value");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("out=<concealed by persona>\nchild-saw-real-value\n", run.out());
    assertEquals("err=<concealed by persona>\n", run.err());
  }

  @Test
  void shouldResolveReferencesFromEnvFile() throws Exception {
    final Path envFile = tmp.resolve("app.env");
    Files.writeString(envFile, "API_TOKEN=persona://Work/api/token\nPLAIN=hello\n");
    final CliRun run =
        CliRun.run(
            daemon.env(),
            "",
            "run",
            "--env-file",
            envFile.toString(),
            "--",
            "sh",
            "-c",
            "echo $PLAIN $API_TOKEN; printf %s \"$API_TOKEN\" | wc -c | tr -d ' '");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("hello <concealed by persona>\n" + "S3cret-token".length() + "\n", run.out());
  }

  @Test
  void shouldGiveChildATerminalWithPtyAndStillMask() {
    if (!new java.io.File("/usr/bin/script").canExecute()) {
      if (Boolean.getBoolean("persona.requireTools")) {
        org.junit.jupiter.api.Assertions.fail("util-linux `script` is required for the --pty test");
      }
      Assumptions.abort("util-linux `script` not installed: --pty test skipped");
    }
    final CliRun run =
        CliRun.run(
            env("TOKEN", "persona://Work/api/token"),
            "",
            "run",
            "--pty",
            "--",
            "sh",
            "-c",
            "if [ -t 1 ]; then echo on-a-tty; fi; echo \"t=$TOKEN\"; exit 5");
    assertEquals(5, run.exitCode(), run.err());
    assertTrue(run.out().contains("on-a-tty"), run.out());
    assertTrue(run.out().contains("t=<concealed by persona>"), run.out());
    assertFalse(run.out().contains("S3cret-token"), run.out());
  }

  @Test
  void shouldPassStdinToTheChild() {
    final CliRun run =
        CliRun.run(
            env("X", "persona://Work/db/password"),
            "line from stdin\n",
            "run",
            "--",
            "sh",
            "-c",
            "read l; echo \"got $l $X\"");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("got line from stdin <concealed by persona>\n", run.out());
  }

  @Test
  void shouldKeepChildExitCode() {
    final CliRun run =
        CliRun.run(env("X", "persona://Work/db/password"), "", "run", "--", "sh", "-c", "exit 42");
    assertEquals(42, run.exitCode());
    final CliRun unmasked =
        CliRun.run(
            env("X", "persona://Work/db/password"),
            "",
            "run",
            "--no-masking",
            "--",
            "sh",
            "-c",
            "test -n \"$X\" && exit 7");
    assertEquals(7, unmasked.exitCode());
  }

  @Test
  void shouldNotStartChildWhenAReferenceIsDenied() {
    final Path marker = tmp.resolve("ran");
    final CliRun run =
        CliRun.run(
            env("X", "persona://Work/db/missing"), "", "run", "--", "sh", "-c", "touch " + marker);
    assertEquals(ExitCodes.DENIED, run.exitCode());
    assertFalse(Files.exists(marker));
  }

  @Test
  void shouldExit127WhenCommandCannotStart() {
    final CliRun run =
        CliRun.run(env("X", "plain"), "", "run", "--", tmp.resolve("no-such-program").toString());
    assertEquals(127, run.exitCode());
    assertTrue(run.err().contains("cannot run"), run.err());
  }
}
