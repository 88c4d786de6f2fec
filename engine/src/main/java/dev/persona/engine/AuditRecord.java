package dev.persona.engine;

/**
 * One audit event as the chain holds it.
 *
 * @param sequence its place in the chain, from 1, never reused
 * @param chainHash the chain hash up to and including it (SHA-256), as {@code audit verify} walks
 *     it
 * @param event what happened; carries no secret
 */
public record AuditRecord(long sequence, byte[] chainHash, AuditEvent event) {}
