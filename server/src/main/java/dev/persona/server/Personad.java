package dev.persona.server;

import dev.persona.schema.client.PersonaPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code personad} command: resolves paths from the environment (DESIGN.md §1), starts the
 * {@link Daemon}, and stops it cleanly on SIGTERM or SIGINT.
 */
public final class Personad {
  private Personad() {}

  public static void main(final String[] args) throws InterruptedException {
    for (final String arg : args) {
      switch (arg) {
        case "--version" -> {
          System.out.println("personad " + Daemon.VERSION);
          return;
        }
        case "--help", "-h" -> {
          System.out.println(
              """
              Usage: personad [--version] [--help]
              Runs the Persona daemon in the foreground, serving persona.sock (RPC) and agent.sock
              (SSH agent). Paths come from the environment:
                PERSONA_HOME         data directory (default ~/.persona)
                PERSONA_RUNTIME_DIR  socket directory (default $XDG_RUNTIME_DIR/persona, or
                                     $PERSONA_HOME/run when PERSONA_HOME is set)
              Stop it with SIGTERM (`persona daemon stop`): in-flight requests finish, the audit
              log is flushed, the vault is locked and the sockets are removed.""");
          return;
        }
        default -> {
          System.err.println("personad: unknown argument: " + arg + " (see --help)");
          System.exit(2);
        }
      }
    }
    // Before any key exists in this process: no core dump or same-uid debugger may ever see one.
    ProcessHardening.apply(line -> System.err.println("personad: " + line));
    final PersonaPaths paths;
    final Daemon daemon;
    try {
      paths = PersonaPaths.fromEnvironment();
      PersonaPaths.checkSunPath(paths.rpcSocket());
      PersonaPaths.checkSunPath(paths.agentSocket());
      daemon =
          Daemon.start(DaemonConfig.defaults(paths.home(), paths.rpcSocket(), paths.agentSocket()));
    } catch (final IOException | RuntimeException ex) {
      System.err.println("personad: cannot start: " + ex.getMessage());
      System.exit(1);
      return;
    }
    final Path pidFile = paths.runtimeDir().resolve("personad.pid");
    writePidFile(pidFile);
    final CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  daemon.close();
                  try {
                    Files.deleteIfExists(pidFile);
                  } catch (final IOException ignored) {
                    // a stale pid file is harmless: the socket is the source of truth
                  }
                  stopped.countDown();
                },
                "persona-shutdown"));
    System.out.println(
        "personad "
            + Daemon.VERSION
            + " pid="
            + ProcessHandle.current().pid()
            + " transport="
            + daemon.transportName()
            + " rpc="
            + paths.rpcSocket()
            + " agent="
            + paths.agentSocket());
    System.out.flush();
    stopped.await();
  }

  private static void writePidFile(final Path pidFile) {
    try {
      Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
    } catch (final IOException ex) {
      System.err.println("personad: cannot write pid file " + pidFile + ": " + ex.getMessage());
    }
  }
}
