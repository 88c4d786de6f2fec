package dev.persona.server.system;

import dev.persona.schema.client.AuditEntry;
import dev.persona.schema.client.PersonaClient;
import java.util.concurrent.TimeUnit;

/** Waiting for audit events in tests: the daemon appends them in batches, shortly after a reply. */
final class AuditEvents {
  private AuditEvents() {}

  /** The first event matching all three within 10 s, else an AssertionError naming them. */
  static AuditEntry await(
      final PersonaClient client, final String operation, final String targetPart, final int result)
      throws InterruptedException {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (final AuditEntry event : client.auditTail(0, 1000).events()) {
        if (event.operation().equals(operation)
            && event.target().contains(targetPart)
            && event.result() == result) {
          return event;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no audit event " + operation + " " + targetPart + " " + result);
  }
}
