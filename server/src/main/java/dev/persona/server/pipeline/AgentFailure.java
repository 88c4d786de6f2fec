package dev.persona.server.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.agrona.ErrorHandler;

/**
 * The error handler of every daemon agent thread (RPC conductor, audit agent, sign workers).
 *
 * <p>An exception is logged and the agent goes on. An {@link Error} (a class missing because the
 * jar was replaced under a running daemon, an out-of-memory) ends the agent's thread: Agrona's
 * AgentRunner rethrows it. A daemon without its conductor or audit agent would still accept
 * connections and answer nothing, so clients would hang and the CLI would never start a fresh
 * daemon. So an Error is fatal: logged, then the process exits with {@link #EXIT_STATUS} through
 * the normal shutdown (drain, audit flush, lock), from a thread of its own because the shutdown
 * hook closes the runners and so waits for this one; if that shutdown has not finished after {@link
 * #HALT_AFTER_MS}, the process halts. What was acknowledged is already committed in LMDB.
 *
 * <p>Thread-safe; one per daemon.
 */
public final class AgentFailure implements ErrorHandler {
  /** sysexits' EX_SOFTWARE: an internal failure, not a usage or configuration error. */
  public static final int EXIT_STATUS = 70;

  static final long HALT_AFTER_MS = 10_000;

  private final IntConsumer exit;
  private final AtomicBoolean fatal = new AtomicBoolean();
  private final String role;

  /** For the real daemon: exits the process. */
  public static AgentFailure exitingProcess(final String role) {
    return new AgentFailure(role, AgentFailure::exitProcess);
  }

  AgentFailure(final String role, final IntConsumer exit) {
    this.role = role;
    this.exit = exit;
  }

  @Override
  public void onError(final Throwable error) {
    System.err.println("personad: " + role + " error: " + error);
    if (error instanceof Error && fatal.compareAndSet(false, true)) {
      System.err.println(
          "personad: the "
              + role
              + " thread cannot go on; exiting with status "
              + EXIT_STATUS
              + " so that the next client starts a fresh daemon");
      exit.accept(EXIT_STATUS);
    }
  }

  /** Whether an Error has been reported (the exit is under way). */
  public boolean fatal() {
    return fatal.get();
  }

  private static void exitProcess(final int status) {
    final Thread halt =
        new Thread(
            () -> {
              try {
                Thread.sleep(HALT_AFTER_MS);
              } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(status);
            },
            "persona-fatal-halt");
    halt.setDaemon(true);
    halt.start();
    new Thread(() -> System.exit(status), "persona-fatal-exit").start();
  }
}
