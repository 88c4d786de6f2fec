package dev.persona.schema.client;

/**
 * One audit event; result is an ErrorCode value. Immutable apart from any byte arrays, which the
 * caller owns and should zero when done.
 */
public record AuditEntry(
    long sequence,
    long timeMs,
    int uid,
    int pid,
    String executable,
    String operation,
    String target,
    int result,
    byte[] hash) {}
