package dev.persona.server.ssh;

import dev.persona.server.pipeline.AgentFailure;
import dev.persona.server.pipeline.WakeableIdleStrategy;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * The threads that compute agent signatures: one agent per core, all taking from one bounded queue
 * that the event loops fill, so whichever worker is free signs next. (A queue per worker, filled
 * round-robin, left requests waiting behind a worker the scheduler had preempted while the other
 * one idled: p99 at 64 connections 4.8–5.2 ms against 3.5–3.8 ms with one queue, and ~8 % fewer
 * signatures/s, same-run A/B with {@code bench/agent-load}'s tool.)
 *
 * <p>A worker drains the queue, then parks at once and is woken by the next {@link #execute}, which
 * wakes one sleeping worker, not all: on two cores spinning or yielding between tasks took CPU from
 * the event loops and the clients (100 spins + 100 yields: ~24 k Ed25519 signatures/s at 32
 * connections; parking at once: ~29 k). A full queue is refused ({@link
 * RejectedExecutionException}), which the agent answers with SSH_AGENT_FAILURE rather than queue
 * without bound.
 *
 * <p>{@link #execute} is thread-safe.
 */
public final class SignWorkers implements Executor, AutoCloseable {
  private final Worker[] workers;
  private final AgentRunner[] runners;
  private final AtomicInteger next = new AtomicInteger();
  private final ManyToManyConcurrentArrayQueue<Runnable> queue;

  public SignWorkers(final int threads, final int queueCapacity) {
    queue = new ManyToManyConcurrentArrayQueue<>(queueCapacity);
    workers = new Worker[threads];
    runners = new AgentRunner[threads];
    for (int i = 0; i < threads; i++) {
      final Worker worker = new Worker(queue, i);
      workers[i] = worker;
      runners[i] =
          new AgentRunner(
              worker.idle, AgentFailure.exitingProcess("persona-sign-" + i), null, worker);
      AgentRunner.startOnThread(runners[i]);
    }
  }

  @Override
  public void execute(final Runnable task) {
    if (!queue.offer(task)) {
      throw new RejectedExecutionException("sign queue full");
    }
    // Wake one sleeper, starting at a rotating worker; an awake worker finds the task by itself.
    final int first = Math.floorMod(next.getAndIncrement(), workers.length);
    for (int i = 0; i < workers.length; i++) {
      if (workers[(first + i) % workers.length].idle.wakeIfSleeping()) {
        return;
      }
    }
  }

  @Override
  public void close() {
    for (final AgentRunner runner : runners) {
      runner.close();
    }
    // Tasks still queued belong to connections that are closing with the daemon.
    queue.clear();
  }

  private static final class Worker implements Agent {
    /** Tasks run per duty cycle before the idle strategy is consulted. */
    private static final int DRAIN_LIMIT = 16;

    final WakeableIdleStrategy idle;
    private final ManyToManyConcurrentArrayQueue<Runnable> queue;
    private final String roleName;

    Worker(final ManyToManyConcurrentArrayQueue<Runnable> queue, final int index) {
      this.queue = queue;
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
    public String roleName() {
      return roleName;
    }
  }
}
