package dev.persona.engine;

/** One audit event; no field may carry a secret. */
public record AuditEvent(
    long timestampMs,
    int callerUid,
    long callerPid,
    String callerExe,
    String operation,
    String target,
    String result) {}
