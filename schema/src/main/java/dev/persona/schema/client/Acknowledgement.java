package dev.persona.schema.client;

/**
 * A success without payload beyond the affected id and its new revision (0 when not applicable).
 * Immutable apart from any byte arrays, which the caller owns and should zero when done.
 */
public record Acknowledgement(String id, long revision) {}
