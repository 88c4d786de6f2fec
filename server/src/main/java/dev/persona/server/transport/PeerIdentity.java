package dev.persona.server.transport;

/**
 * The kernel's word on who opened a connection: uid always, pid where the transport can tell (-1
 * otherwise).
 *
 * @param uid the peer's effective uid
 * @param pid the peer's pid at connect time, or -1 when unknown
 */
public record PeerIdentity(int uid, int pid) {}
