package dev.persona.agent;

/**
 * One verified {@code session-bind@openssh.com} record on a connection: the host key that signed
 * the SSH session id, and whether the hop was for agent forwarding.
 *
 * @param hostKeyBlob the server's host key blob (verified against {@code sessionId})
 * @param sessionId the SSH session identifier (exchange hash), at most 128 bytes
 * @param forwarding true when the client bound the agent for forwarding, not for authentication
 */
public record SshSessionBinding(byte[] hostKeyBlob, byte[] sessionId, boolean forwarding) {}
