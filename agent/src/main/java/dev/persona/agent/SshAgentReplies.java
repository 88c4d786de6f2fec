package dev.persona.agent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes reply frames (length prefix included) into fresh heap buffers the host may keep. */
final class SshAgentReplies {
  private SshAgentReplies() {}

  static ByteBuffer status(final boolean success) {
    return code(success ? SshAgentProtocol.SSH_AGENT_SUCCESS : SshAgentProtocol.SSH_AGENT_FAILURE);
  }

  static ByteBuffer failure() {
    return code(SshAgentProtocol.SSH_AGENT_FAILURE);
  }

  private static ByteBuffer code(final int code) {
    final ByteBuffer reply = ByteBuffer.allocate(5);
    reply.putInt(1).put((byte) code).flip();
    return reply;
  }

  static ByteBuffer signResponse(final byte[] signatureBlob) {
    final ByteBuffer reply = ByteBuffer.allocate(4 + 1 + 4 + signatureBlob.length);
    reply.putInt(1 + 4 + signatureBlob.length);
    reply.put((byte) SshAgentProtocol.SSH_AGENT_SIGN_RESPONSE);
    reply.putInt(signatureBlob.length).put(signatureBlob).flip();
    return reply;
  }

  /** Returns null when the answer would exceed the maximum frame length. */
  static ByteBuffer identitiesAnswer(final List<SshIdentity> identities) {
    int length = 1 + 4;
    final byte[][] comments = new byte[identities.size()][];
    for (int i = 0; i < comments.length; i++) {
      final SshIdentity identity = identities.get(i);
      comments[i] =
          identity.comment() == null
              ? new byte[0]
              : identity.comment().getBytes(StandardCharsets.UTF_8);
      length += 4 + identity.keyBlob().length + 4 + comments[i].length;
    }
    if (length > SshAgentFrameDescriptor.MAX_FRAME_LENGTH) {
      return null;
    }
    final ByteBuffer reply = ByteBuffer.allocate(4 + length);
    reply.putInt(length).put((byte) SshAgentProtocol.SSH_AGENT_IDENTITIES_ANSWER);
    reply.putInt(identities.size());
    for (int i = 0; i < comments.length; i++) {
      final byte[] blob = identities.get(i).keyBlob();
      reply.putInt(blob.length).put(blob).putInt(comments[i].length).put(comments[i]);
    }
    return reply.flip();
  }

  /**
   * The {@code query} answer as OpenSSH sends it: type 29, the name echoed, then one string each.
   */
  static ByteBuffer queryResponse(final List<String> extensions) {
    final byte[] query = SshAgentProtocol.EXTENSION_QUERY.getBytes(StandardCharsets.US_ASCII);
    int length = 1 + 4 + query.length;
    for (final String extension : extensions) {
      length += 4 + extension.length();
    }
    final ByteBuffer reply = ByteBuffer.allocate(4 + length);
    reply.putInt(length).put((byte) SshAgentProtocol.SSH_AGENT_EXTENSION_RESPONSE);
    reply.putInt(query.length).put(query);
    for (final String extension : extensions) {
      reply.putInt(extension.length()).put(extension.getBytes(StandardCharsets.US_ASCII));
    }
    return reply.flip();
  }
}
