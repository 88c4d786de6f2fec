package dev.persona.schema.client;

/**
 * One named field of an item; value is empty when the daemon did not reveal it. Immutable apart
 * from any byte arrays, which the caller owns and should zero when done.
 */
public record FieldEntry(String name, byte[] value, boolean concealed) {}
