package dev.persona.schema.client;

/**
 * A high-risk request waiting for the user's decision: who asked (executable, pid, uid), for what
 * operation on which target, and when it expires (then it is denied). Immutable.
 */
public record ApprovalEntry(
    String id,
    String operation,
    String target,
    String executable,
    int pid,
    int uid,
    long createdMs,
    long expiresMs) {}
