package dev.persona.nmhost;

/**
 * What {@link RequestDecoder} makes of one message: a typed {@link HostRequest}, or a {@link
 * RequestError} to send back. Nothing else ever comes out of the decoder, exceptions included.
 */
sealed interface DecodedRequest permits HostRequest, RequestError {}
