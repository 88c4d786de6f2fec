package dev.persona.schema.client;

/**
 * An attachment upload in progress: send chunks of at most maxChunkLength bytes. Immutable apart
 * from any byte arrays, which the caller owns and should zero when done.
 */
public record UploadSession(long uploadId, int maxChunkLength) {}
