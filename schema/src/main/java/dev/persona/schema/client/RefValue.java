package dev.persona.schema.client;

/**
 * The result of one secret reference: errorCode is an ErrorCode value, value is empty unless OK.
 * Immutable apart from any byte arrays, which the caller owns and should zero when done.
 */
public record RefValue(int errorCode, byte[] value) {}
