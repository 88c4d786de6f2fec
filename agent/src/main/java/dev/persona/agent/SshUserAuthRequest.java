package dev.persona.agent;

import dev.persona.engine.ssh.SshKeyException;
import dev.persona.engine.ssh.SshKeyType;
import dev.persona.engine.ssh.SshWireReader;
import java.util.Arrays;

/**
 * The SSH2_MSG_USERAUTH_REQUEST a destination-restricted key is asked to sign, parsed as OpenSSH's
 * {@code parse_userauth_request} does.
 *
 * @param sessionId the session identifier the request starts with
 * @param user the server-side user name
 * @param hostKey the host key of {@code publickey-hostbound-v00@openssh.com}, or null for {@code
 *     publickey}
 */
record SshUserAuthRequest(byte[] sessionId, String user, byte[] hostKey) {
  private static final String METHOD_PUBLICKEY = "publickey";
  private static final String METHOD_HOSTBOUND = "publickey-hostbound-v00@openssh.com";

  /** Parses {@code data}; null when it is not a userauth request for {@code expectedKeyBlob}. */
  static SshUserAuthRequest parse(
      final byte[] data, final int length, final byte[] expectedKeyBlob) {
    try {
      final SshWireReader reader = new SshWireReader(data, 0, length);
      final byte[] sessionId = reader.readString("session_id");
      if (sessionId.length == 0
          || reader.readUint8("type") != SshAgentProtocol.SSH2_MSG_USERAUTH_REQUEST) {
        return null;
      }
      final String user = reader.readUtf8("user");
      final String service = reader.readUtf8("service");
      final String method = reader.readUtf8("method");
      final boolean signatureFollows = reader.readUint8("sig_follows") == 1;
      final String algorithm = reader.readUtf8("pkalg");
      final byte[] key = reader.readString("key");
      if (!signatureFollows
          || !"ssh-connection".equals(service)
          || !Arrays.equals(key, expectedKeyBlob)
          || !knownAlgorithm(algorithm)) {
        return null;
      }
      byte[] hostKey = null;
      if (METHOD_HOSTBOUND.equals(method)) {
        hostKey = reader.readString("hostkey");
      } else if (!METHOD_PUBLICKEY.equals(method)) {
        return null;
      }
      return reader.hasRemaining() ? null : new SshUserAuthRequest(sessionId, user, hostKey);
    } catch (final SshKeyException e) {
      return null;
    }
  }

  private static boolean knownAlgorithm(final String algorithm) {
    return SshKeyType.fromName(algorithm) != null
        || algorithm.startsWith("rsa-sha2-256")
        || algorithm.startsWith("rsa-sha2-512");
  }
}
