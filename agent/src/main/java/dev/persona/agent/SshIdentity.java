package dev.persona.agent;

/**
 * One identity offered to clients: a public key or certificate blob and its comment.
 *
 * @param keyBlob the SSH public key or certificate blob (not copied: callers must not modify it)
 * @param comment shown by {@code ssh-add -l}; not secret
 */
public record SshIdentity(byte[] keyBlob, String comment) {}
