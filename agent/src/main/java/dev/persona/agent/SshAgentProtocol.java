package dev.persona.agent;

/**
 * Message numbers, flags and constraint identifiers of the OpenSSH agent protocol.
 *
 * @see <a href="https://datatracker.ietf.org/doc/draft-miller-ssh-agent/">draft-miller-ssh-agent
 *     (RFC 9987)</a>
 * @see <a href="https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.agent">OpenSSH
 *     PROTOCOL.agent</a>
 */
public final class SshAgentProtocol {
  private SshAgentProtocol() {}

  // Requests from the client (SSH_AGENTC_*).
  public static final int SSH_AGENTC_REQUEST_IDENTITIES = 11;
  public static final int SSH_AGENTC_SIGN_REQUEST = 13;
  public static final int SSH_AGENTC_ADD_IDENTITY = 17;
  public static final int SSH_AGENTC_REMOVE_IDENTITY = 18;
  public static final int SSH_AGENTC_REMOVE_ALL_IDENTITIES = 19;
  public static final int SSH_AGENTC_ADD_SMARTCARD_KEY = 20;
  public static final int SSH_AGENTC_REMOVE_SMARTCARD_KEY = 21;
  public static final int SSH_AGENTC_LOCK = 22;
  public static final int SSH_AGENTC_UNLOCK = 23;
  public static final int SSH_AGENTC_ADD_ID_CONSTRAINED = 25;
  public static final int SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED = 26;
  public static final int SSH_AGENTC_EXTENSION = 27;

  // Replies from the agent (SSH_AGENT_*).
  public static final int SSH_AGENT_FAILURE = 5;
  public static final int SSH_AGENT_SUCCESS = 6;
  public static final int SSH_AGENT_IDENTITIES_ANSWER = 12;
  public static final int SSH_AGENT_SIGN_RESPONSE = 14;
  public static final int SSH_AGENT_EXTENSION_FAILURE = 28;
  public static final int SSH_AGENT_EXTENSION_RESPONSE = 29;

  // Sign request flags.
  /** Legacy, never sent by OpenSSH today. */
  public static final int SSH_AGENT_OLD_SIGNATURE = 1;

  /** Sign an RSA key with {@code rsa-sha2-256}. */
  public static final int SSH_AGENT_RSA_SHA2_256 = 2;

  /** Sign an RSA key with {@code rsa-sha2-512}. */
  public static final int SSH_AGENT_RSA_SHA2_512 = 4;

  // Key constraints of SSH_AGENTC_ADD_ID_CONSTRAINED.
  public static final int SSH_AGENT_CONSTRAIN_LIFETIME = 1;
  public static final int SSH_AGENT_CONSTRAIN_CONFIRM = 2;
  public static final int SSH_AGENT_CONSTRAIN_MAXSIGN = 3;
  public static final int SSH_AGENT_CONSTRAIN_EXTENSION = 255;

  // Extension names.
  public static final String EXTENSION_QUERY = "query";
  public static final String EXTENSION_SESSION_BIND = "session-bind@openssh.com";
  public static final String CONSTRAINT_RESTRICT_DESTINATION =
      "restrict-destination-v00@openssh.com";
  public static final String CONSTRAINT_ASSOCIATED_CERTS = "associated-certs-v00@openssh.com";

  /** OpenSSH's AGENT_MAX_SID_LEN: a longer session id in session-bind is refused. */
  public static final int MAX_SESSION_ID_LENGTH = 128;

  /** OpenSSH's AGENT_MAX_SESSION_IDS: bindings per connection. */
  public static final int MAX_SESSION_BINDINGS = 16;

  /** SSH2_MSG_USERAUTH_REQUEST, the message a destination-constrained signature must sign. */
  public static final int SSH2_MSG_USERAUTH_REQUEST = 50;
}
