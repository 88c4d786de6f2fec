package dev.persona.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.ssh.SshKeyGenerator;
import dev.persona.engine.ssh.SshKeyType;
import dev.persona.engine.ssh.SshPrivateKey;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile input: random, mutated, truncated and oversize frames. The session must never throw, must
 * only emit well-formed replies of known types, and must either answer or close.
 */
class SshAgentSessionFuzzTest {
  private static final SshPrivateKey KEY = SshKeyGenerator.generate(SshKeyType.ED25519, "fuzz");
  private static final Set<Integer> REPLY_TYPES =
      Set.of(
          SshAgentProtocol.SSH_AGENT_FAILURE,
          SshAgentProtocol.SSH_AGENT_SUCCESS,
          SshAgentProtocol.SSH_AGENT_IDENTITIES_ANSWER,
          SshAgentProtocol.SSH_AGENT_SIGN_RESPONSE,
          SshAgentProtocol.SSH_AGENT_EXTENSION_RESPONSE);

  private static List<byte[]> validFrames() {
    return List.of(
        AgentTestSupport.addIdentity(KEY, "k", new byte[0]),
        AgentTestSupport.requestIdentities(),
        AgentTestSupport.signRequest(KEY.publicKeyBlob(), new byte[] {1, 2, 3}, 0),
        AgentTestSupport.extension("query", new byte[0]),
        AgentTestSupport.frame(
            SshAgentProtocol.SSH_AGENTC_REMOVE_IDENTITY,
            AgentTestSupport.stringBody(KEY.publicKeyBlob())),
        AgentTestSupport.frame(
            SshAgentProtocol.SSH_AGENTC_LOCK, AgentTestSupport.stringBody(new byte[] {7})),
        AgentTestSupport.frame(
            SshAgentProtocol.SSH_AGENTC_UNLOCK, AgentTestSupport.stringBody(new byte[] {7})));
  }

  @Provide
  Arbitrary<byte[]> mutatedFrame() {
    return Arbitraries.of(validFrames())
        .flatMap(
            frame ->
                Arbitraries.integers()
                    .between(4, frame.length - 1)
                    .list()
                    .ofMaxSize(4)
                    .flatMap(
                        positions ->
                            Arbitraries.bytes()
                                .list()
                                .ofSize(positions.size())
                                .map(
                                    values -> {
                                      final byte[] copy = frame.clone();
                                      for (int i = 0; i < positions.size(); i++) {
                                        copy[positions.get(i)] = values.get(i);
                                      }
                                      return copy;
                                    })));
  }

  private static void checkReplies(final AgentTestSupport.CapturingOutput out) {
    for (final byte[] reply : out.replies()) {
      assertTrue(reply.length >= 5);
      assertEquals(reply.length - 4, ByteBuffer.wrap(reply).getInt());
      assertTrue(
          REPLY_TYPES.contains(reply[4] & 0xFF), "unexpected reply type " + (reply[4] & 0xFF));
    }
  }

  @Property(tries = 300)
  void shouldSurviveRandomBytesInRandomChunks(
      @ForAll @Size(max = 600) final byte[] garbage,
      @ForAll @IntRange(min = 1, max = 64) final int chunk) {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    for (int at = 0; at < garbage.length; at += chunk) {
      session.onBytes(ByteBuffer.wrap(garbage, at, Math.min(chunk, garbage.length - at)));
    }
    checkReplies(out);
  }

  @Property(tries = 300)
  void shouldAnswerEveryMutatedFrameOrClose(@ForAll("mutatedFrame") final byte[] frame) {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    session.onBytes(ByteBuffer.wrap(frame));
    final int length = ByteBuffer.wrap(frame).getInt();
    checkReplies(out);
    if (length < 0 || length > SshAgentFrameDescriptor.MAX_FRAME_LENGTH) {
      assertTrue(out.closed, "oversize prefix must close");
    } else if (length + 4 == frame.length) {
      assertEquals(1, out.replies().size(), "a complete frame gets exactly one reply");
      // The connection stays usable after whatever that frame was.
      session.onBytes(ByteBuffer.wrap(AgentTestSupport.requestIdentities()));
      assertEquals(2, out.replies().size());
    }
  }

  @Property(tries = 200)
  void shouldWaitForTheRestOfATruncatedFrame(
      @ForAll("validIndex") final int which, @ForAll @IntRange(min = 0, max = 1000) final int cut) {
    final byte[] frame = validFrames().get(which);
    final int split = cut % frame.length;
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    session.onBytes(ByteBuffer.wrap(frame, 0, split));
    assertTrue(out.replies().isEmpty(), "no reply before the frame is complete");
    session.onBytes(ByteBuffer.wrap(frame, split, frame.length - split));
    assertEquals(1, out.replies().size());
    checkReplies(out);
  }

  @Provide
  Arbitrary<Integer> validIndex() {
    return Arbitraries.integers().between(0, validFrames().size() - 1);
  }

  @Property(tries = 100)
  void shouldCloseOnAnyOversizeLengthPrefix(
      @ForAll @IntRange(min = SshAgentFrameDescriptor.MAX_FRAME_LENGTH + 1) final int length) {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    session.onBytes(ByteBuffer.allocate(8).putInt(length).putInt(0).flip());
    assertTrue(out.closed);
    assertTrue(out.replies().isEmpty());
  }
}
