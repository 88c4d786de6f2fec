package dev.persona.agent;

import dev.persona.engine.ssh.SshPrivateKey;
import java.util.List;

/** A backend that answers everything trivially; tests override what they exercise. */
class SessionKeyStoreBackendStub implements SshAgentBackend {
  @Override
  public void requestIdentities(
      final SshAgentSession session, final SshAgentCallbacks.Identities callback) {
    callback.onIdentities(List.of());
  }

  @Override
  public void sign(
      final SshAgentSession session,
      final byte[] keyBlob,
      final byte[] data,
      final int dataLength,
      final int flags,
      final SshAgentCallbacks.Sign callback) {
    callback.onFailure();
  }

  @Override
  public void addIdentity(
      final SshAgentSession session,
      final SshPrivateKey key,
      final SshKeyConstraints constraints,
      final SshAgentCallbacks.Status callback) {
    key.destroy();
    callback.onResult(false);
  }

  @Override
  public void removeIdentity(
      final SshAgentSession session,
      final byte[] keyBlob,
      final SshAgentCallbacks.Status callback) {
    callback.onResult(false);
  }

  @Override
  public void removeAllIdentities(
      final SshAgentSession session, final SshAgentCallbacks.Status callback) {
    callback.onResult(true);
  }

  @Override
  public void lock(
      final SshAgentSession session,
      final byte[] passphrase,
      final SshAgentCallbacks.Status callback) {
    callback.onResult(false);
  }

  @Override
  public void unlock(
      final SshAgentSession session,
      final byte[] passphrase,
      final SshAgentCallbacks.Status callback) {
    callback.onResult(false);
  }
}
