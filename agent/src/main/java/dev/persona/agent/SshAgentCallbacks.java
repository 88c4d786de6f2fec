package dev.persona.agent;

import java.util.List;

/**
 * Completion callbacks a {@link SshAgentBackend} uses to answer a request, from any thread, exactly
 * once. A second completion is ignored. Replies still leave the connection in request order.
 */
public final class SshAgentCallbacks {
  private SshAgentCallbacks() {}

  /** Answers a sign request. */
  public interface Sign {
    /** The SSH signature blob ({@code string algorithm ‖ string signature}). */
    void onSignature(byte[] signatureBlob);

    void onFailure();
  }

  /** Answers REQUEST_IDENTITIES. */
  public interface Identities {
    void onIdentities(List<SshIdentity> identities);

    void onFailure();
  }

  /** Answers add, remove, lock and unlock with SUCCESS or FAILURE. */
  public interface Status {
    void onResult(boolean success);
  }
}
