package dev.persona.schema.client;

/**
 * Metadata of one attachment. Immutable apart from any byte arrays, which the caller owns and
 * should zero when done.
 */
public record AttachmentEntry(
    String id, String name, long length, byte[] sha256, String contentType, long createdMs) {}
