package dev.persona.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;

class AgentFailureTest {
  private final List<Integer> exits = new CopyOnWriteArrayList<>();
  private final AgentFailure failure = new AgentFailure("persona-test", exits::add);

  @Test
  void anExceptionIsLoggedAndTheAgentKeepsWorking() throws Exception {
    final AtomicInteger calls = new AtomicInteger();
    final Agent flaky =
        agent(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("one bad request");
              }
            });
    try (AgentRunner runner =
        new AgentRunner(new SleepingMillisIdleStrategy(1), failure, null, flaky)) {
      AgentRunner.startOnThread(runner);
      waitFor(() -> calls.get() > 5);
    }
    assertFalse(failure.fatal());
    assertEquals(List.of(), exits);
  }

  @Test
  void anErrorEndsTheDaemonOnceInsteadOfLeavingItDeaf() throws Exception {
    final AtomicInteger calls = new AtomicInteger();
    final Agent broken =
        agent(
            () -> {
              calls.incrementAndGet();
              throw new NoClassDefFoundError("dev/persona/server/rpc/EngineStatus");
            });
    try (AgentRunner runner =
        new AgentRunner(new SleepingMillisIdleStrategy(1), failure, null, broken)) {
      AgentRunner.startOnThread(runner);
      waitFor(() -> !exits.isEmpty());
      // Whether or not the runner's thread goes on, the exit is asked for exactly once.
      TimeUnit.MILLISECONDS.sleep(50);
    }
    assertTrue(failure.fatal());
    assertEquals(List.of(AgentFailure.EXIT_STATUS), exits);
  }

  private static Agent agent(final Runnable work) {
    return new Agent() {
      @Override
      public int doWork() {
        work.run();
        return 1;
      }

      @Override
      public String roleName() {
        return "persona-test";
      }
    };
  }

  private static void waitFor(final java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }
}
