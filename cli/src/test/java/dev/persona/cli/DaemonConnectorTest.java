package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConnectorTest {
  @TempDir Path tmp;

  private Map<String, String> env(final String daemonCommand) {
    final Map<String, String> env = new HashMap<>();
    env.put("PERSONA_HOME", tmp.resolve("home").toString());
    env.put("PERSONA_RUNTIME_DIR", tmp.resolve("run").toString());
    env.put("PATH", System.getenv("PATH"));
    env.put(DaemonConnector.DAEMON_CMD_ENV, daemonCommand);
    return env;
  }

  @Test
  void shouldFindTheDaemonLauncherOfTheCheckoutTheCliRunsFrom() {
    // Tests run from cli/ with the classes in cli/target/classes.
    final Path expected = Path.of("").toAbsolutePath().getParent().resolve("bin/personad");
    assertEquals(expected, DaemonConnector.launcherBesideJar());
  }

  @Test
  void shouldStartDaemonCommandDetachedAndGiveUpWithLogPathWhenItNeverAnswers() throws Exception {
    final Path marker = tmp.resolve("started");
    final Path fakeDaemon = tmp.resolve("fake-personad");
    Files.writeString(
        fakeDaemon, "#!/bin/sh\necho \"daemon log line\"\ntouch " + marker + "\nexit 0\n");
    Files.setPosixFilePermissions(fakeDaemon, PosixFilePermissions.fromString("rwx------"));
    final CliRun run =
        CliRun.run(env(fakeDaemon.toString()), "", "daemon", "start", "--timeout", "300");
    assertEquals(ExitCodes.DAEMON_UNREACHABLE, run.exitCode(), run.err());
    assertTrue(run.err().contains("did not answer within 300 ms"), run.err());
    assertTrue(
        run.err().contains(tmp.resolve("home").resolve("personad.log").toString()), run.err());
    assertTrue(Files.exists(marker), "daemon command was not run");
    assertTrue(
        Files.readString(tmp.resolve("home").resolve("personad.log")).contains("daemon log line"));
  }

  @Test
  void shouldFailFastWhenDaemonExitsWithError() throws Exception {
    final Path fakeDaemon = tmp.resolve("crashing-personad");
    Files.writeString(fakeDaemon, "#!/bin/sh\necho boom >&2\nexit 3\n");
    Files.setPosixFilePermissions(fakeDaemon, PosixFilePermissions.fromString("rwx------"));
    final long start = System.nanoTime();
    final CliRun run = CliRun.run(env(fakeDaemon.toString()), "", "vault", "list");
    assertEquals(ExitCodes.DAEMON_UNREACHABLE, run.exitCode());
    assertTrue(run.err().contains("exited with status 3 before answering: boom"), run.err());
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("home"))));
    assertTrue(System.nanoTime() - start < 10_000_000_000L, "waited for the full start timeout");
  }

  @Test
  void shouldNameTheCommandWhenDaemonCannotBeStarted() {
    final CliRun run =
        CliRun.run(env(tmp.resolve("missing-personad").toString()), "", "vault", "list");
    assertEquals(ExitCodes.DAEMON_UNREACHABLE, run.exitCode());
    assertTrue(run.err().contains("missing-personad"), run.err());
  }

  @Test
  void shouldNotStartDaemonForStatusLockOrDaemonStatus() throws Exception {
    final Path marker = tmp.resolve("started");
    final Path fakeDaemon = tmp.resolve("fake-personad");
    Files.writeString(fakeDaemon, "#!/bin/sh\ntouch " + marker + "\n");
    Files.setPosixFilePermissions(fakeDaemon, PosixFilePermissions.fromString("rwx------"));
    assertEquals(7, CliRun.run(env(fakeDaemon.toString()), "", "status").exitCode());
    assertEquals(7, CliRun.run(env(fakeDaemon.toString()), "", "daemon", "status").exitCode());
    assertEquals(0, CliRun.run(env(fakeDaemon.toString()), "", "lock").exitCode());
    assertEquals(0, CliRun.run(env(fakeDaemon.toString()), "", "daemon", "stop").exitCode());
    assertTrue(Files.notExists(marker), "a read-only command started the daemon");
  }
}
