package dev.persona.agent;

/**
 * Asks a person (or a policy) whether a key added with {@code ssh-add -c} may sign now; the daemon
 * plugs in its approver (askpass, {@code persona approve}, a time-boxed grant).
 *
 * <p>Called on the inbound thread: must not block. Answer through {@code decision} from any thread;
 * other connections keep signing meanwhile.
 */
@FunctionalInterface
public interface SshConfirmer {
  /** Refuses every confirm-constrained signature, as ssh-agent does without an askpass program. */
  SshConfirmer DENY = (session, identity, destination, decision) -> decision.onResult(false);

  /**
   * @param identity the key (blob and comment) about to sign
   * @param destination "user@host"-style description when a destination rule matched, else null
   */
  void confirm(
      SshAgentSession session,
      SshIdentity identity,
      String destination,
      SshAgentCallbacks.Status decision);
}
