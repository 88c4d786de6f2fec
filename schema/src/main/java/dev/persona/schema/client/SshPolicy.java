package dev.persona.schema.client;

import java.util.List;

/**
 * The approval policy of one SSH key; approval is an ApprovalMode value. Immutable apart from any
 * byte arrays, which the caller owns and should zero when done.
 */
public record SshPolicy(
    int approval, List<String> allowedExecutables, List<String> allowedHosts, long rememberMs) {}
