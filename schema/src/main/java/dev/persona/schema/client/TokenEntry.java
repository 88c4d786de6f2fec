package dev.persona.schema.client;

/**
 * Metadata of one scoped access token (never the token itself): scope is a TokenScope value, vault
 * is null for all vaults, lastUsedMs is 0 until the token is first presented. Immutable.
 */
public record TokenEntry(
    String id,
    int scope,
    String vault,
    long createdMs,
    long expiresMs,
    long idleMs,
    long lastUsedMs) {}
