package dev.persona.server.pipeline;

import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

/**
 * Hands work back to the conductor thread from other threads: a request parked for approval is
 * resumed (answered, audited) on the conductor, the engine's one caller, whichever thread decided
 * it. Rare by nature, so a task is a plain {@link Runnable}.
 *
 * <p>{@link #offer} from any thread (it wakes the conductor); {@link #drain} on the conductor only.
 */
public final class ConductorInbox {
  private final ManyToOneConcurrentLinkedQueue<Runnable> tasks =
      new ManyToOneConcurrentLinkedQueue<>();
  private volatile Runnable waker = () -> {};

  /** What {@link #offer} calls after queueing: the conductor's idle strategy wake-up. */
  public void wakeWith(final Runnable waker) {
    this.waker = waker;
  }

  public void offer(final Runnable task) {
    tasks.offer(task);
    waker.run();
  }

  public boolean hasWork() {
    return !tasks.isEmpty();
  }

  /** Runs up to {@code limit} queued tasks; returns how many ran. Conductor thread. */
  public int drain(final int limit) {
    int count = 0;
    Runnable task;
    while (count < limit && (task = tasks.poll()) != null) {
      task.run();
      count++;
    }
    return count;
  }
}
