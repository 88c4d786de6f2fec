package dev.persona.schema.client;

import java.util.List;

/**
 * Audit events after a sequence; pass lastSequence to the next call to follow the log. Immutable
 * apart from any byte arrays, which the caller owns and should zero when done.
 */
public record AuditPage(List<AuditEntry> events, long lastSequence) {}
