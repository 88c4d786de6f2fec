package dev.persona.schema.client;

/**
 * One vault as listed by the daemon. Immutable apart from any byte arrays, which the caller owns
 * and should zero when done.
 *
 * @param policy the vault's own policy; null from a daemon that predates vault policies (which
 *     means allow, any executable)
 */
public record VaultEntry(
    String id, String name, int itemCount, long createdMs, VaultPolicyEntry policy) {}
