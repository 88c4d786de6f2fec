package dev.persona.server.system;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.ApprovalEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.server.fixture.DaemonProcess;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Requests that may park waiting for an approval, each sent on a connection of its own (a CLI
 * process, as far as the daemon knows) so that the test's own client stays free to see the pending
 * approval and decide it.
 */
final class ParkedCalls implements AutoCloseable {
  private final DaemonProcess daemon;
  private final PersonaClient decider;
  private final ExecutorService callers = Executors.newCachedThreadPool();

  /** {@code decider} is the test's own client: it lists the pending approvals. */
  ParkedCalls(final DaemonProcess daemon, final PersonaClient decider) {
    this.daemon = daemon;
    this.decider = decider;
  }

  /** Runs {@code call} on a caller thread, on whatever connection it brings. */
  <T> Future<T> submit(final java.util.concurrent.Callable<T> call) {
    return callers.submit(call);
  }

  /** Runs {@code call} on a connection of its own. */
  <T> Future<T> onOwnConnection(final Function<PersonaClient, T> call) {
    return callers.submit(
        () -> {
          try (PersonaClient own = PersonaClient.connect(daemon.rpcSocket(), "caller")) {
            return call.apply(own);
          }
        });
  }

  /** The approval of {@code operation} on {@code target}, once it is pending (within 10 s). */
  ApprovalEntry awaitPending(final String operation, final String target) throws Exception {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (final ApprovalEntry entry : decider.listApprovals()) {
        if (entry.operation().equals(operation) && entry.target().equals(target)) {
          return entry;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no "
            + operation
            + " approval for "
            + target
            + " became pending: "
            + decider.listApprovals());
  }

  /** The refusal a call ended with (within 30 s). */
  static PersonaClientException failure(final Future<?> call) {
    final ExecutionException ex =
        assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
    assertTrue(ex.getCause() instanceof PersonaClientException, ex.toString());
    return (PersonaClientException) ex.getCause();
  }

  @Override
  public void close() {
    callers.shutdownNow();
  }
}
