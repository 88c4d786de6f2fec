package dev.persona.schema.client;

/**
 * One SSH key as the daemon describes it (public parts only); type is an SshKeyType value.
 * Immutable apart from any byte arrays, which the caller owns and should zero when done.
 */
public record SshKeyEntry(
    String id,
    String name,
    String vault,
    int type,
    int bits,
    String fingerprint,
    String publicKey,
    String comment,
    long createdMs,
    SshPolicy policy) {}
