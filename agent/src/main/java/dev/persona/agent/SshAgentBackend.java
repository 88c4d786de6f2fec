package dev.persona.agent;

import dev.persona.engine.ssh.SshPrivateKey;

/**
 * What the agent protocol asks of whoever holds the keys: the daemon implements it by composing
 * vault keys with a {@link SessionKeyStore}.
 *
 * <p>Methods are called on the connection's inbound thread (an event loop): they must not block.
 * Long work (signing, approval prompts, vault writes) completes the callback later from another
 * thread. Arrays passed in are owned by the backend for the duration of the call; passphrases are
 * zeroed by the session as soon as the call returns.
 */
public interface SshAgentBackend {
  /** Lists identities visible to this connection (destination rules may hide some). */
  void requestIdentities(SshAgentSession session, SshAgentCallbacks.Identities callback);

  /**
   * Signs {@code data[0, dataLength)} with the key or certificate whose blob is {@code keyBlob};
   * {@code flags} are {@link SshAgentProtocol#SSH_AGENT_RSA_SHA2_256} / {@link
   * SshAgentProtocol#SSH_AGENT_RSA_SHA2_512}.
   *
   * <p>{@code data} belongs to the session's pool: the backend may read it until it completes
   * {@code callback}, never after (it is reused for a later request), and must not write it. {@code
   * keyBlob} is immutable and may be kept.
   */
  void sign(
      SshAgentSession session,
      byte[] keyBlob,
      byte[] data,
      int dataLength,
      int flags,
      SshAgentCallbacks.Sign callback);

  /**
   * Adds a key (ssh-add). The backend owns {@code key} from here on and must {@code destroy()} it
   * if it refuses it. Unknown constraints never reach here: the session refuses them.
   */
  void addIdentity(
      SshAgentSession session,
      SshPrivateKey key,
      SshKeyConstraints constraints,
      SshAgentCallbacks.Status callback);

  void removeIdentity(SshAgentSession session, byte[] keyBlob, SshAgentCallbacks.Status callback);

  void removeAllIdentities(SshAgentSession session, SshAgentCallbacks.Status callback);

  void lock(SshAgentSession session, byte[] passphrase, SshAgentCallbacks.Status callback);

  void unlock(SshAgentSession session, byte[] passphrase, SshAgentCallbacks.Status callback);

  /** The connection is gone; pending callbacks may still be completed and are ignored. */
  default void onSessionClosed(final SshAgentSession session) {}
}
