package dev.persona.schema.client;

/**
 * Metadata of one scoped access token (never the token itself); scope is a TokenScope value.
 * Immutable apart from any byte arrays, which the caller owns and should zero when done.
 */
public record TokenEntry(
    String id, int scope, String vault, long createdMs, long expiresMs, long idleMs) {}
