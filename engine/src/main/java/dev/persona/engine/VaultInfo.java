package dev.persona.engine;

/**
 * A named vault of the workspace.
 *
 * @param policy the vault's own policy ({@link AccessPolicy#ALLOW_ANY} when it never had one); its
 *     items and SSH keys get the strictest of this and their own
 * @param itemCount the vault's live items (trashed ones not counted)
 */
public record VaultInfo(
    String id, String name, long createdMs, AccessPolicy policy, long itemCount) {}
