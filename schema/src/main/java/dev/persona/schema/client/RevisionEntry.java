package dev.persona.schema.client;

/**
 * One entry of an item's history. Immutable apart from any byte arrays, which the caller owns and
 * should zero when done.
 */
public record RevisionEntry(long revision, long updatedMs, boolean trashed) {}
