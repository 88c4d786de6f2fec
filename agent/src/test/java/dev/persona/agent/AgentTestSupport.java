package dev.persona.agent;

import dev.persona.engine.ssh.SshPrivateKey;
import dev.persona.engine.ssh.SshWireWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Builds request frames and captures reply frames for session tests. */
final class AgentTestSupport {
  private AgentTestSupport() {}

  /** Collects written replies; thread-safe. */
  static final class CapturingOutput implements SshAgentOutput {
    final List<byte[]> replies = new ArrayList<>();
    volatile boolean closed;

    @Override
    public synchronized void write(final ByteBuffer reply) {
      final byte[] bytes = new byte[reply.remaining()];
      reply.get(bytes);
      replies.add(bytes);
    }

    @Override
    public void close() {
      closed = true;
    }

    synchronized List<byte[]> replies() {
      return new ArrayList<>(replies);
    }

    synchronized int replyType(final int index) {
      return replies.get(index)[4] & 0xFF;
    }
  }

  static byte[] frame(final int type, final byte[] body) {
    final ByteBuffer buffer = ByteBuffer.allocate(5 + body.length);
    buffer.putInt(1 + body.length).put((byte) type).put(body);
    return buffer.array();
  }

  static byte[] requestIdentities() {
    return frame(SshAgentProtocol.SSH_AGENTC_REQUEST_IDENTITIES, new byte[0]);
  }

  static byte[] signRequest(final byte[] keyBlob, final byte[] data, final int flags) {
    return frame(
        SshAgentProtocol.SSH_AGENTC_SIGN_REQUEST,
        new SshWireWriter()
            .writeString(keyBlob)
            .writeString(data)
            .writeUint32(flags)
            .toByteArray());
  }

  static byte[] addIdentity(
      final SshPrivateKey key, final String comment, final byte[] constraints) {
    final SshWireWriter body = new SshWireWriter();
    key.writeAgentKey(body);
    body.writeUtf8(comment);
    body.writeBytes(constraints, 0, constraints.length);
    return frame(
        constraints.length == 0
            ? SshAgentProtocol.SSH_AGENTC_ADD_IDENTITY
            : SshAgentProtocol.SSH_AGENTC_ADD_ID_CONSTRAINED,
        body.toByteArray());
  }

  static byte[] stringBody(final byte[] value) {
    return new SshWireWriter().writeString(value).toByteArray();
  }

  static byte[] extension(final String name, final byte[] contents) {
    return frame(
        SshAgentProtocol.SSH_AGENTC_EXTENSION,
        new SshWireWriter().writeUtf8(name).writeBytes(contents, 0, contents.length).toByteArray());
  }

  static void feed(final SshAgentSession session, final byte[]... frames) {
    for (final byte[] frame : frames) {
      session.onBytes(ByteBuffer.wrap(frame));
    }
  }
}
