package dev.persona.cli;

import dev.persona.schema.client.DaemonNotRunningException;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.PersonaPaths;
import java.io.File;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens the one daemon connection a command uses, starting {@code personad} first when nobody
 * answers (like gpg-agent), unless {@code PERSONA_NO_AUTOSTART} is set or the command asked for
 * {@link #connectNoStart()}.
 *
 * <p>The daemon is found as {@code PERSONA_DAEMON_CMD} (a command line, split on spaces) or as
 * {@code ../../bin/personad} beside the CLI jar ({@code cli/target/persona-cli-*.jar} in a built
 * checkout). It is started in its own session ({@code setsid}) with stdin from /dev/null and output
 * appended to {@code $PERSONA_HOME/personad.log}, so closing the terminal does not take it down.
 *
 * <p>One per {@link CliContext}; not thread-safe.
 */
public final class DaemonConnector implements AutoCloseable {
  public static final String CLIENT_NAME = "persona-cli";
  public static final String DAEMON_CMD_ENV = "PERSONA_DAEMON_CMD";
  public static final String NO_AUTOSTART_ENV = "PERSONA_NO_AUTOSTART";

  /** How long to wait for a freshly started daemon to answer (a cold JVM plus LMDB open). */
  static final long START_TIMEOUT_MS = 20_000;

  private static final long POLL_INTERVAL_MS = 25;

  private final CliContext ctx;
  private PersonaClient client;
  private Path tokenFile;

  DaemonConnector(final CliContext ctx) {
    this.ctx = ctx;
  }

  /** The connection, starting the daemon if it is not running and autostart is allowed. */
  public PersonaClient client() {
    if (client == null) {
      try {
        client = connectNoStart();
      } catch (final DaemonNotRunningException e) {
        if (autostartDisabled()) {
          throw e;
        }
        client = waitForDaemon(START_TIMEOUT_MS, start());
      }
    }
    return client;
  }

  /**
   * Connects without starting anything: {@code status} and {@code daemon stop|status} must not
   * start one.
   */
  public PersonaClient connectNoStart() {
    if (client == null) {
      // Hello rides with the command's first request: one round trip per CLI call, not two.
      client = PersonaClient.connectPipelined(ctx.paths().rpcSocketPathname(), CLIENT_NAME);
      applyToken(client);
    }
    return client;
  }

  /**
   * Presents the token in {@code file} instead of {@code $PERSONA_TOKEN} ({@code --token-file}).
   */
  public void tokenFile(final Path file) {
    this.tokenFile = file;
  }

  /**
   * Runs a call that may be parked for approval (a reveal, a read, a signature), telling the user
   * on stderr which approval it waits for and how to answer it.
   */
  public <T> T awaitingApproval(final java.util.function.Supplier<T> call) {
    final ApprovalNotice notice = ApprovalNotice.watch(this::connectAnother, ctx.err());
    try {
      return call.get();
    } finally {
      notice.close();
    }
  }

  /** A second connection (same socket and token), e.g. to watch approvals while one call waits. */
  public PersonaClient connectAnother() {
    final PersonaClient another =
        PersonaClient.connectPipelined(ctx.paths().rpcSocketPathname(), CLIENT_NAME);
    another.serverInfo();
    applyToken(another);
    return another;
  }

  /** Whether a connection is open (after {@link #client()} or {@link #connectNoStart()}). */
  public boolean connected() {
    return client != null;
  }

  /** Closes the connection, e.g. before waiting for the daemon to exit. */
  public void disconnect() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  boolean autostartDisabled() {
    final String value = ctx.env(NO_AUTOSTART_ENV);
    return value != null && !value.isEmpty() && !value.equals("0");
  }

  /** Spawns the daemon detached; returns once it is started (not yet answering). */
  public Process start() {
    final PersonaPaths paths = ctx.paths();
    final List<String> command = new ArrayList<>();
    final File setsid = new File("/usr/bin/setsid");
    if (setsid.canExecute()) {
      command.add(setsid.getPath());
    }
    command.addAll(daemonCommand());
    final Path executable = Path.of(command.get(command.size() - daemonCommand().size()));
    if (executable.getNameCount() > 1 && !Files.isExecutable(executable)) {
      throw new CliException(
          ExitCodes.DAEMON_UNREACHABLE,
          "DAEMON_NOT_FOUND",
          "cannot start the daemon: "
              + executable
              + " is not an executable file (set "
              + DAEMON_CMD_ENV
              + ")");
    }
    try {
      // The daemon refuses a home other users can read; create it the way it wants it.
      Files.createDirectories(
          paths.home(),
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      final ProcessBuilder builder = new ProcessBuilder(command);
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      final File log = paths.home().resolve("personad.log").toFile();
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
      builder.redirectError(ProcessBuilder.Redirect.appendTo(log));
      // The access token is the CLI's, not the daemon's.
      builder.environment().remove(AccessTokens.TOKEN_ENV);
      return builder.start();
    } catch (final IOException e) {
      throw new CliException(
          ExitCodes.DAEMON_UNREACHABLE,
          "DAEMON_START_FAILED",
          "cannot start the daemon: command="
              + String.join(" ", command)
              + " reason="
              + e.getMessage()
              + " (set "
              + DAEMON_CMD_ENV
              + " to the personad launcher)",
          e);
    }
  }

  /**
   * Polls the socket until the daemon answers, or gives up with the socket path and log file named;
   * fails at once when the started process exits with an error (a daemon that forks itself away
   * exits 0 and is waited for).
   */
  public PersonaClient waitForDaemon(final long timeoutMs, final Process process) {
    final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
    DaemonNotRunningException last = null;
    while (System.nanoTime() < deadlineNs) {
      // Connect first: when two CLIs start a daemon at once, the loser exits non-zero (socket
      // taken) while the
      // winner serves, and that is a success.
      final boolean exited = process != null && !process.isAlive();
      try {
        final PersonaClient answering = connectNoStart();
        answering.serverInfo(); // answered, not only accepted
        return answering;
      } catch (final DaemonNotRunningException e) {
        disconnect();
        last = e;
      } catch (final PersonaClientException e) {
        disconnect();
        // The socket exists but the daemon is still binding or closed early in its start: try
        // again.
        last = new DaemonNotRunningException(ctx.paths().rpcSocketPathname(), e);
      }
      if (exited && process.exitValue() != 0) {
        throw new CliException(
            ExitCodes.DAEMON_UNREACHABLE,
            "DAEMON_START_FAILED",
            "the daemon exited with status "
                + process.exitValue()
                + " before answering: "
                + lastLogLine()
                + " (log: "
                + ctx.paths().home().resolve("personad.log")
                + ")");
      }
      try {
        Thread.sleep(POLL_INTERVAL_MS);
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new CliException(
        ExitCodes.DAEMON_UNREACHABLE,
        "DAEMON_NOT_RUNNING",
        "started the daemon but it did not answer within "
            + timeoutMs
            + " ms on socket "
            + ctx.paths().rpcSocket()
            + "; see "
            + ctx.paths().home().resolve("personad.log"),
        last);
  }

  /** The daemon's last words (its own error message, never secret), or "" when there is no log. */
  String lastLogLine() {
    try {
      final java.util.List<String> lines =
          Files.readAllLines(ctx.paths().home().resolve("personad.log"));
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
    } catch (final IOException | java.io.UncheckedIOException e) {
      // No log, or not text: the path in the message is enough.
    }
    return "";
  }

  /** The daemon's command line, from the environment or beside the CLI jar. */
  public List<String> daemonCommand() {
    final String fromEnv = ctx.env(DAEMON_CMD_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Arrays.asList(fromEnv.strip().split("\\s+"));
    }
    final Path launcher = launcherBesideJar();
    if (launcher == null || !Files.isExecutable(launcher)) {
      throw new CliException(
          ExitCodes.DAEMON_UNREACHABLE,
          "DAEMON_NOT_FOUND",
          "cannot find the personad launcher (looked for "
              + launcher
              + "); set "
              + DAEMON_CMD_ENV
              + " to its path");
    }
    return List.of(launcher.toString());
  }

  static Path launcherBesideJar() {
    // The class's own resource names its jar (or classes directory) whichever loader defined it:
    // `read` runs from the boot class path (bin/persona), where a class has no code source.
    final URL self = DaemonConnector.class.getResource("DaemonConnector.class");
    try {
      final Path code;
      if (self == null) {
        return null;
      } else if (self.getProtocol().equals("jar")) {
        code = Path.of(((JarURLConnection) self.openConnection()).getJarFileURL().toURI());
      } else if (self.getProtocol().equals("file")) {
        // target/classes/dev/persona/cli/DaemonConnector.class → target/classes
        code = Path.of(self.toURI()).getParent().getParent().getParent().getParent();
      } else {
        return null;
      }
      // cli/target/persona-cli-*.jar (or cli/target/classes) → repo root is two levels up from
      // target.
      final Path target = code.getParent();
      return target == null || target.getParent() == null || target.getParent().getParent() == null
          ? null
          : target.getParent().getParent().resolve("bin").resolve("personad").normalize();
    } catch (final URISyntaxException | IOException | ClassCastException e) {
      return null;
    }
  }

  private void applyToken(final PersonaClient connected) {
    // A bearer secret: it arrives through the environment or a 0600 file, never argv.
    final byte[] token = AccessTokens.load(tokenFile, ctx.env(AccessTokens.TOKEN_ENV));
    if (token != null) {
      connected.useToken(token);
    }
  }

  @Override
  public void close() {
    disconnect();
  }
}
