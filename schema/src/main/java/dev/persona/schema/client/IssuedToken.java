package dev.persona.schema.client;

/**
 * A freshly issued token: the secret bytes once, and its metadata. Immutable apart from any byte
 * arrays, which the caller owns and should zero when done.
 */
public record IssuedToken(byte[] token, TokenEntry info) {}
