package dev.persona.schema.client;

import java.util.List;

/**
 * A vault's own policy; approval is an ApprovalMode value, allowedExecutables empty means any
 * caller. Every item and SSH key in the vault gets the strictest of this and its own policy.
 * Immutable.
 */
public record VaultPolicyEntry(int approval, List<String> allowedExecutables) {}
