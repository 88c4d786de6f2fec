package dev.persona.server.audit;

import dev.persona.engine.AuditEvent;
import dev.persona.engine.Engine;
import dev.persona.server.pipeline.WakeableIdleStrategy;
import dev.persona.server.rpc.RpcDispatcher;
import dev.persona.server.transport.ClientSession;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * Takes audit events from every thread that produces them and appends them to the engine's
 * hash-chained log in batches, one durable commit per batch, off the request hot path.
 *
 * <p>{@link #onEvent} is thread-safe and never blocks; {@link #doWork} runs on the audit agent's
 * own thread. A full queue counts the event as dropped (reported by {@link #droppedEvents}) rather
 * than stall a request.
 */
public final class AuditAgent implements Agent, RpcDispatcher.AuditSink {
  static final int BATCH_LIMIT = 512;

  /**
   * Events wait at most this long for company before they are committed: one durable commit (an
   * fsync) per window instead of per event keeps the audit log off the signing hot path's CPU.
   */
  public static final long GROUP_COMMIT_WINDOW_NS =
      java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(5);

  private final Engine engine;
  private final ManyToOneConcurrentArrayQueue<AuditEvent> queue =
      new ManyToOneConcurrentArrayQueue<>(64 * 1024);
  private final List<AuditEvent> batch = new ArrayList<>(BATCH_LIMIT);
  private volatile long droppedEvents;
  private volatile long unrecordedBeforeInit;
  private long batchStartedNs;

  /**
   * Whether a batch is waiting for its commit. Then the agent parks at most a quarter window and
   * finds new events by itself, so producers do not wake it: waking it per event (it drains one and
   * parks again) cost a futex round trip and a context switch per signature under load.
   */
  private volatile boolean batchOpen;

  private final WakeableIdleStrategy idle =
      new WakeableIdleStrategy(
          0,
          0,
          () -> batch.isEmpty() ? IDLE_PARK_NS : GROUP_COMMIT_WINDOW_NS / 4,
          () -> !queue.isEmpty());

  /** Longest sleep with nothing batched; the first event of a batch wakes the agent. */
  static final long IDLE_PARK_NS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

  public AuditAgent(final Engine engine) {
    this.engine = engine;
  }

  /** An audit event for {@code caller}, timestamped now. */
  public static AuditEvent event(
      final ClientSession caller,
      final String operation,
      final String target,
      final String result) {
    return new AuditEvent(
        System.currentTimeMillis(),
        caller.uid(),
        caller.pid(),
        caller.executable(),
        operation,
        target,
        result);
  }

  /** The idle strategy to run this agent with: parks long when idle, woken by the first event. */
  public WakeableIdleStrategy idleStrategy() {
    return idle;
  }

  @Override
  public void onEvent(final AuditEvent event) {
    if (!queue.offer(event)) {
      synchronized (this) {
        droppedEvents++;
      }
      return;
    }
    // Dekker with the agent: it clears batchOpen before its last queue check and park; we publish
    // the event before reading batchOpen (all volatile, so one of us sees the other).
    if (!batchOpen) {
      idle.wake(); // the agent may be in its long idle park
    }
  }

  @Override
  public int doWork() {
    final int before = batch.size();
    final int drained = queue.drainTo(batch, BATCH_LIMIT - before);
    if (before == 0 && drained > 0) {
      batchStartedNs = System.nanoTime();
      batchOpen = true;
    }
    if (!batch.isEmpty()
        && (batch.size() >= BATCH_LIMIT
            || System.nanoTime() - batchStartedNs >= GROUP_COMMIT_WINDOW_NS)) {
      commit();
    }
    return drained;
  }

  private void commit() {
    try {
      if (engine.isInitialized()) {
        engine.appendAudit(batch);
      } else {
        // Before `persona init` there is no workspace and so no log to chain into (its keys come
        // from init): the events of that window (Hello, Status, a refused peer) are not recorded.
        unrecordedBeforeInit += batch.size();
      }
    } finally {
      batch.clear();
      batchOpen = false;
    }
  }

  /** Appends whatever is queued now; called on shutdown after producers have stopped. */
  public void flush() {
    do {
      queue.drainTo(batch, BATCH_LIMIT - batch.size());
      if (!batch.isEmpty()) {
        commit();
      }
    } while (!queue.isEmpty());
  }

  @Override
  public void onClose() {
    flush();
  }

  public long droppedEvents() {
    return droppedEvents;
  }

  /** Events that arrived before the workspace existed and so could not be appended. */
  public long unrecordedBeforeInit() {
    return unrecordedBeforeInit;
  }

  @Override
  public String roleName() {
    return "persona-audit";
  }
}
