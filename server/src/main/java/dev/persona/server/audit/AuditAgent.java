package dev.persona.server.audit;

import dev.persona.engine.AuditEvent;
import dev.persona.engine.Engine;
import dev.persona.server.rpc.RpcDispatcher;
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

  private final Engine engine;
  private final ManyToOneConcurrentArrayQueue<AuditEvent> queue =
      new ManyToOneConcurrentArrayQueue<>(64 * 1024);
  private final List<AuditEvent> batch = new ArrayList<>(BATCH_LIMIT);
  private volatile long droppedEvents;

  public AuditAgent(final Engine engine) {
    this.engine = engine;
  }

  @Override
  public void onEvent(final AuditEvent event) {
    if (!queue.offer(event)) {
      synchronized (this) {
        droppedEvents++;
      }
    }
  }

  @Override
  public int doWork() {
    queue.drainTo(batch, BATCH_LIMIT);
    final int count = batch.size();
    if (count > 0) {
      try {
        engine.appendAudit(batch);
      } finally {
        batch.clear();
      }
    }
    return count;
  }

  /** Appends whatever is queued; called once on shutdown after producers have stopped. */
  public void flush() {
    while (doWork() > 0) {
      // drain until empty
    }
  }

  @Override
  public void onClose() {
    flush();
  }

  public long droppedEvents() {
    return droppedEvents;
  }

  @Override
  public String roleName() {
    return "persona-audit";
  }
}
