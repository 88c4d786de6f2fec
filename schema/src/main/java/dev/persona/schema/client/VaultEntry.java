package dev.persona.schema.client;

/**
 * One vault as listed by the daemon. Immutable apart from any byte arrays, which the caller owns
 * and should zero when done.
 */
public record VaultEntry(String id, String name, int itemCount, long createdMs) {}
