package dev.persona.server.ssh;

import dev.persona.agent.SessionKeyStore;
import dev.persona.agent.SshAgentBackend;
import dev.persona.agent.SshAgentCallbacks;
import dev.persona.agent.SshAgentSession;
import dev.persona.agent.SshIdentity;
import dev.persona.agent.SshKeyConstraints;
import dev.persona.agent.SshSessionBinding;
import dev.persona.engine.ssh.SshKeyException;
import dev.persona.engine.ssh.SshPrivateKey;
import dev.persona.engine.ssh.SshPublicKeys;
import dev.persona.server.approval.ApprovalRegistry;
import dev.persona.server.audit.AuditAgent;
import dev.persona.server.rpc.RpcDispatcher;
import dev.persona.server.transport.ClientSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The agent's view of keys: vault keys first (decoded by the {@link VaultKeyring} while unlocked,
 * filtered by each key's policy for this caller and destination), then the RAM session keys that
 * {@code ssh-add} put in the {@link SessionKeyStore}.
 *
 * <p>Called on event loops; every signature is computed on the sign executor so an event loop never
 * runs crypto, and each is audited.
 */
public final class DaemonSshBackend implements SshAgentBackend {
  private final VaultKeyring keyring;
  private final SessionKeyStore sessionKeys;
  private final Executor signExecutor;
  private final RpcDispatcher.AuditSink auditSink;
  private final KnownHosts knownHosts;
  private final ApprovalRegistry approvals;

  public DaemonSshBackend(
      final VaultKeyring keyring,
      final SessionKeyStore sessionKeys,
      final Executor signExecutor,
      final RpcDispatcher.AuditSink auditSink,
      final KnownHosts knownHosts,
      final ApprovalRegistry approvals) {
    this.knownHosts = knownHosts;
    this.approvals = approvals;
    this.keyring = keyring;
    this.sessionKeys = sessionKeys;
    this.signExecutor = signExecutor;
    this.auditSink = auditSink;
  }

  @Override
  public void requestIdentities(
      final SshAgentSession session, final SshAgentCallbacks.Identities callback) {
    final List<SshIdentity> identities = new ArrayList<>();
    if (!sessionKeys.isLocked()) {
      final Destination destination = destinationOf(session);
      final String executable = clientOf(session).executable();
      for (final VaultKeyring.Entry entry : keyring.keys()) {
        final KeyPolicy policy = entry.policy();
        if (policy.approval() != KeyPolicy.Approval.DENY
            && policy.allowsExecutable(executable)
            && policy.allowsHost(destination)) {
          identities.add(new SshIdentity(entry.key().identityBlob(), entry.name()));
        }
      }
    }
    identities.addAll(sessionKeys.identities(session));
    callback.onIdentities(identities);
  }

  @Override
  public void sign(
      final SshAgentSession session,
      final byte[] keyBlob,
      final byte[] data,
      final int dataLength,
      final int flags,
      final SshAgentCallbacks.Sign callback) {
    final VaultKeyring.Entry entry =
        sessionKeys.isLocked() ? null : keyring.find(keyBlob, 0, keyBlob.length);
    if (entry == null) {
      sessionKeys.sign(
          session, keyBlob, data, dataLength, flags, audited(session, keyBlob, callback));
      return;
    }
    final KeyPolicy policy = entry.policy();
    final Destination destination = destinationOf(session);
    if (refused(entry, session, destination, flags)) {
      audit(session, entry.fingerprint(), destination, "DENIED");
      callback.onFailure();
      return;
    }
    if (policy.approval() == KeyPolicy.Approval.ASK) {
      // Parks this request only: the decision (persona approve, a grant, a remembered answer, or
      // the timeout) resumes it on whichever thread delivers it; nothing waits meanwhile.
      approvals.ask(
          "ssh.sign",
          entry.name(),
          destination == null ? null : destination.describe(),
          policy.rememberMs(),
          clientOf(session),
          outcome -> {
            if (outcome.allowed()) {
              // The key or its policy may have changed while the user decided: look again; a
              // deny set meanwhile wins over the approval.
              final VaultKeyring.Entry now =
                  sessionKeys.isLocked() ? null : keyring.find(keyBlob, 0, keyBlob.length);
              if (now == null || refused(now, session, destination, flags)) {
                audit(
                    session,
                    entry.fingerprint(),
                    destination,
                    now == null ? (sessionKeys.isLocked() ? "LOCKED" : "NOT_FOUND") : "DENIED");
                callback.onFailure();
              } else {
                submitSign(session, now, data, dataLength, flags, destination, callback);
              }
            } else {
              audit(session, entry.fingerprint(), destination, "DENIED");
              callback.onFailure();
            }
          });
      return;
    }
    submitSign(session, entry, data, dataLength, flags, destination, callback);
  }

  /**
   * Whether the key's effective policy refuses this request: deny, a caller or destination it does
   * not name, or a SHA-1 signature.
   */
  private boolean refused(
      final VaultKeyring.Entry entry,
      final SshAgentSession session,
      final Destination destination,
      final int flags) {
    final KeyPolicy policy = entry.policy();
    return policy.approval() == KeyPolicy.Approval.DENY
        || !policy.allowsExecutable(clientOf(session).executable())
        || !policy.allowsHost(destination)
        || entry.key().usesSha1(flags);
  }

  private void submitSign(
      final SshAgentSession session,
      final VaultKeyring.Entry entry,
      final byte[] data,
      final int dataLength,
      final int flags,
      final Destination destination,
      final SshAgentCallbacks.Sign callback) {
    final SshPrivateKey key = entry.key();
    final String fingerprint = entry.fingerprint();
    try {
      signExecutor.execute(
          () -> {
            final byte[] signature;
            try {
              signature = key.sign(data, 0, dataLength, flags);
            } catch (final SshKeyException ex) {
              // DESTROYED: the vault locked (or the key was deleted) while this request queued.
              audit(
                  session,
                  fingerprint,
                  destination,
                  ex.kind() == SshKeyException.Kind.DESTROYED ? "LOCKED" : "INTERNAL");
              callback.onFailure();
              return;
            } catch (final RuntimeException ex) {
              audit(session, fingerprint, destination, "INTERNAL");
              callback.onFailure();
              return;
            }
            callback.onSignature(signature);
            audit(session, fingerprint, destination, "OK");
          });
    } catch (final RejectedExecutionException ex) {
      audit(session, fingerprint, destination, "BUSY");
      callback.onFailure();
    }
  }

  private SshAgentCallbacks.Sign audited(
      final SshAgentSession session, final byte[] keyBlob, final SshAgentCallbacks.Sign callback) {
    final String fingerprint = SshPublicKeys.fingerprintSha256(keyBlob);
    final Destination destination = destinationOf(session);
    return new SshAgentCallbacks.Sign() {
      @Override
      public void onSignature(final byte[] signatureBlob) {
        callback.onSignature(signatureBlob);
        audit(session, fingerprint, destination, "OK");
      }

      @Override
      public void onFailure() {
        callback.onFailure();
        audit(session, fingerprint, destination, "DENIED");
      }
    };
  }

  @Override
  public void addIdentity(
      final SshAgentSession session,
      final SshPrivateKey key,
      final SshKeyConstraints constraints,
      final SshAgentCallbacks.Status callback) {
    sessionKeys.addIdentity(session, key, constraints, callback);
  }

  @Override
  public void removeIdentity(
      final SshAgentSession session,
      final byte[] keyBlob,
      final SshAgentCallbacks.Status callback) {
    if (keyring.find(keyBlob, 0, keyBlob.length) != null) {
      // Vault keys are removed with `persona ssh rm`, never by ssh-add -d.
      callback.onResult(false);
      return;
    }
    sessionKeys.removeIdentity(session, keyBlob, callback);
  }

  @Override
  public void removeAllIdentities(
      final SshAgentSession session, final SshAgentCallbacks.Status callback) {
    sessionKeys.removeAllIdentities(session, callback);
  }

  @Override
  public void lock(
      final SshAgentSession session,
      final byte[] passphrase,
      final SshAgentCallbacks.Status callback) {
    sessionKeys.lock(session, passphrase, callback);
  }

  @Override
  public void unlock(
      final SshAgentSession session,
      final byte[] passphrase,
      final SshAgentCallbacks.Status callback) {
    sessionKeys.unlock(session, passphrase, callback);
  }

  @Override
  public void onSessionClosed(final SshAgentSession session) {
    sessionKeys.onSessionClosed(session);
  }

  /** The host the last session-bind proved, named through known_hosts; null when unbound. */
  private Destination destinationOf(final SshAgentSession session) {
    final List<SshSessionBinding> bindings = session.bindings();
    if (bindings.isEmpty()) {
      return null;
    }
    return knownHosts.lookup(bindings.get(bindings.size() - 1).hostKeyBlob());
  }

  /**
   * The caller of an agent connection (the daemon attaches it), or {@link ClientSession#UNKNOWN}.
   */
  public static ClientSession clientOf(final SshAgentSession session) {
    return session.attachment() instanceof ClientSession client ? client : ClientSession.UNKNOWN;
  }

  private void audit(
      final SshAgentSession session,
      final String fingerprint,
      final Destination destination,
      final String result) {
    auditSink.onEvent(
        AuditAgent.event(
            clientOf(session),
            "SshAgentSign",
            destination == null ? fingerprint : fingerprint + " to " + destination.describe(),
            result));
  }
}
