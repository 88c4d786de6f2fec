package dev.persona.engine;

/** An attachment of an item: its name, plaintext size and how many encrypted chunks hold it. */
public record AttachmentInfo(String name, long sizeBytes, int chunkCount) {}
