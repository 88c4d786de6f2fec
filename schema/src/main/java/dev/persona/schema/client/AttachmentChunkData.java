package dev.persona.schema.client;

/**
 * One chunk of an attachment download. Immutable apart from any byte arrays, which the caller owns
 * and should zero when done.
 */
public record AttachmentChunkData(long offset, long totalLength, byte[] data, boolean eof) {}
