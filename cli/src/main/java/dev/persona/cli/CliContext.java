package dev.persona.cli;

import dev.persona.schema.client.PersonaPaths;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command may touch outside itself: standard streams, the environment, whether we talk to a
 * terminal, and the daemon connection ({@link DaemonConnector}, opened lazily so that {@code
 * generate} or {@code --help} never connects). Tests build one over byte-array streams.
 *
 * <p>One per process (or per test); not thread-safe.
 */
public final class CliContext implements AutoCloseable {
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private boolean stdinTerminal;
  private boolean stdoutTerminal;
  private boolean probeConsole;
  private final DaemonConnector connector;

  public CliContext(
      final InputStream in,
      final PrintStream out,
      final PrintStream err,
      final Map<String, String> env,
      final boolean stdinTerminal,
      final boolean stdoutTerminal) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.env = env;
    this.stdinTerminal = stdinTerminal;
    this.stdoutTerminal = stdoutTerminal;
    this.connector = new DaemonConnector(this);
  }

  /**
   * The real process: System streams and environment; terminal detection through {@link
   * System#console()}, on first question only: the console looks up its providers on the module
   * path (~1 ms), which {@code persona read} never needs.
   */
  public static CliContext system() {
    final CliContext ctx =
        new CliContext(System.in, System.out, System.err, System.getenv(), false, false);
    ctx.probeConsole = true;
    return ctx;
  }

  private void probeConsole() {
    if (probeConsole) {
      probeConsole = false;
      final java.io.Console console = System.console();
      stdinTerminal = stdoutTerminal = console != null && console.isTerminal();
    }
  }

  public InputStream in() {
    return in;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public Map<String, String> env() {
    return env;
  }

  public String env(final String name) {
    return env.get(name);
  }

  public boolean stdinTerminal() {
    probeConsole();
    return stdinTerminal;
  }

  public boolean stdoutTerminal() {
    probeConsole();
    return stdoutTerminal;
  }

  public PersonaPaths paths() {
    return PersonaPaths.resolve(env, System.getProperty("user.home"));
  }

  public DaemonConnector daemon() {
    return connector;
  }

  @Override
  public void close() {
    connector.close();
    out.flush();
    err.flush();
  }
}
