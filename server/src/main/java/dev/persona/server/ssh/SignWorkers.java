package dev.persona.server.ssh;

import dev.persona.server.pipeline.WakeableIdleStrategy;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * The threads that compute agent signatures: one agent per core, each with its own bounded queue
 * that event loops fill round-robin. A worker drains its queue, then parks at once and is woken by
 * the next {@link #execute}: on two cores spinning or yielding between tasks took CPU from the
 * event loops and the clients (measured with {@code bench/agent-load}: 100 spins + 100 yields gave
 * ~24 k Ed25519 signatures/s at 32 connections, parking at once ~29 k). A full queue is refused
 * ({@link RejectedExecutionException}), which the agent answers with SSH_AGENT_FAILURE rather than
 * queue without bound.
 *
 * <p>{@link #execute} is thread-safe.
 */
public final class SignWorkers implements Executor, AutoCloseable {
  private final Worker[] workers;
  private final AgentRunner[] runners;
  private final AtomicInteger next = new AtomicInteger();

  public SignWorkers(final int threads, final int queueCapacityPerThread) {
    workers = new Worker[threads];
    runners = new AgentRunner[threads];
    for (int i = 0; i < threads; i++) {
      final Worker worker = new Worker(queueCapacityPerThread, i);
      workers[i] = worker;
      runners[i] =
          new AgentRunner(
              worker.idle,
              error -> System.err.println("personad: sign worker error: " + error),
              null,
              worker);
      AgentRunner.startOnThread(runners[i]);
    }
  }

  @Override
  public void execute(final Runnable task) {
    final Worker worker = workers[Math.floorMod(next.getAndIncrement(), workers.length)];
    if (!worker.queue.offer(task)) {
      throw new RejectedExecutionException("sign queue full");
    }
    worker.idle.wake();
  }

  @Override
  public void close() {
    for (final AgentRunner runner : runners) {
      runner.close();
    }
  }

  private static final class Worker implements Agent {
    /** Tasks run per duty cycle before the idle strategy is consulted. */
    private static final int DRAIN_LIMIT = 16;

    final ManyToOneConcurrentArrayQueue<Runnable> queue;
    final WakeableIdleStrategy idle;
    private final String roleName;

    Worker(final int capacity, final int index) {
      queue = new ManyToOneConcurrentArrayQueue<>(capacity);
      idle =
          new WakeableIdleStrategy(
              0, 0, TimeUnit.MILLISECONDS.toNanos(100), () -> !queue.isEmpty());
      roleName = "persona-sign-" + index;
    }

    @Override
    public int doWork() {
      int work = 0;
      Runnable task;
      while (work < DRAIN_LIMIT && (task = queue.poll()) != null) {
        task.run();
        work++;
      }
      return work;
    }

    @Override
    public void onClose() {
      // Tasks still queued belong to connections that are closing with the daemon.
      queue.clear();
    }

    @Override
    public String roleName() {
      return roleName;
    }
  }
}
