package dev.persona.nmhost;

/**
 * A request the host refuses before it reaches the daemon, as a value.
 *
 * @param id the request's id when it could be read, else null (the reply then has {@code "id":
 *     null})
 * @param code what kind of failure
 * @param field the request field at fault, or null
 * @param message a sentence for a developer; it quotes at most names and short tokens, never values
 *     read from the vault
 */
record RequestError(RequestId id, HostErrorCode code, String field, String message)
    implements DecodedRequest {}
