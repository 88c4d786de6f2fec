package dev.persona.schema.client;

/**
 * Outcome of {@code audit verify}: firstBadSequence names the first event that fails. Immutable
 * apart from any byte arrays, which the caller owns and should zero when done.
 */
public record AuditVerification(
    boolean ok, long eventsChecked, long firstBadSequence, String reason) {}
