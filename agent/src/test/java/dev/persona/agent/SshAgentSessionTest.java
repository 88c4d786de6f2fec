package dev.persona.agent;

import static dev.persona.agent.AgentTestSupport.addIdentity;
import static dev.persona.agent.AgentTestSupport.extension;
import static dev.persona.agent.AgentTestSupport.feed;
import static dev.persona.agent.AgentTestSupport.frame;
import static dev.persona.agent.AgentTestSupport.requestIdentities;
import static dev.persona.agent.AgentTestSupport.signRequest;
import static dev.persona.agent.AgentTestSupport.stringBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.ssh.JcaVerifier;
import dev.persona.engine.ssh.SshKeyGenerator;
import dev.persona.engine.ssh.SshKeyType;
import dev.persona.engine.ssh.SshPrivateKey;
import dev.persona.engine.ssh.SshWireReader;
import dev.persona.engine.ssh.SshWireWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Codec and session behaviour, short-circuited (no socket), in the shape of MINA's AgentUnitTest.
 */
class SshAgentSessionTest {
  private static final byte[] DATA = "data to sign".getBytes(StandardCharsets.UTF_8);
  private static SshPrivateKey rsa;

  @BeforeAll
  static void generateRsa() {
    rsa = SshKeyGenerator.generate(SshKeyType.RSA, "rsa");
  }

  static List<Arguments> algorithmsAndFlags() {
    return List.of(
        Arguments.of(SshKeyType.ED25519, 0, "ssh-ed25519"),
        Arguments.of(SshKeyType.ECDSA_P256, 0, "ecdsa-sha2-nistp256"),
        Arguments.of(SshKeyType.ECDSA_P384, 0, "ecdsa-sha2-nistp384"),
        Arguments.of(SshKeyType.ECDSA_P521, 0, "ecdsa-sha2-nistp521"),
        Arguments.of(SshKeyType.RSA, SshAgentProtocol.SSH_AGENT_RSA_SHA2_256, "rsa-sha2-256"),
        Arguments.of(SshKeyType.RSA, SshAgentProtocol.SSH_AGENT_RSA_SHA2_512, "rsa-sha2-512"));
  }

  private static SshPrivateKey key(final SshKeyType type) {
    return type == SshKeyType.RSA
        ? rsa.withCertificate(null, "rsa")
        : SshKeyGenerator.generate(type, "k-" + type);
  }

  @ParameterizedTest
  @MethodSource("algorithmsAndFlags")
  void shouldAddListAndSignWithJcaVerifiableSignature(
      final SshKeyType type, final int flags, final String algorithm) throws Exception {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    final SshPrivateKey key = key(type);
    final byte[] blob = key.publicKeyBlob();

    feed(
        session,
        addIdentity(key, "my comment", new byte[0]),
        requestIdentities(),
        signRequest(blob, DATA, flags));

    assertEquals(3, out.replies().size());
    assertEquals(SshAgentProtocol.SSH_AGENT_SUCCESS, out.replyType(0));
    assertEquals(SshAgentProtocol.SSH_AGENT_IDENTITIES_ANSWER, out.replyType(1));
    final SshWireReader identities = body(out.replies().get(1));
    assertEquals(1, identities.readUint32("count"));
    assertArrayEquals(blob, identities.readString("blob"));
    assertEquals("my comment", identities.readUtf8("comment"));
    assertEquals(SshAgentProtocol.SSH_AGENT_SIGN_RESPONSE, out.replyType(2));
    final SshWireReader sign = body(out.replies().get(2));
    final SshWireReader signature = new SshWireReader(sign.readString("signature"));
    assertEquals(algorithm, signature.readUtf8("algorithm"));
    assertTrue(JcaVerifier.verify(blob, algorithm, signature.readString("raw"), DATA));
    assertEquals(0, session.failureCount());
  }

  @Test
  void shouldRefuseRsaSha1UnlessAllowed() {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    feed(
        session,
        addIdentity(key(SshKeyType.RSA), "rsa", new byte[0]),
        signRequest(rsa.publicKeyBlob(), DATA, 0));
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, out.replyType(1));
  }

  @Test
  void shouldAnswerUnknownTypesAndExtensionsWithFailureAndStayUsable() {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    feed(
        session,
        frame(99, new byte[] {1, 2, 3}),
        frame(1, new byte[0]), // SSH1 request
        extension("nope@example.com", new byte[0]),
        frame(SshAgentProtocol.SSH_AGENTC_ADD_SMARTCARD_KEY, stringBody(new byte[3])),
        new byte[] {0, 0, 0, 0}, // empty frame
        requestIdentities());
    assertEquals(6, out.replies().size());
    for (int i = 0; i < 5; i++) {
      assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, out.replyType(i), "reply " + i);
    }
    assertEquals(SshAgentProtocol.SSH_AGENT_IDENTITIES_ANSWER, out.replyType(5));
    assertFalse(out.closed);
  }

  @Test
  void shouldAnswerQueryWithSupportedExtensions() {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    feed(session, extension("query", new byte[0]));
    assertEquals(SshAgentProtocol.SSH_AGENT_EXTENSION_RESPONSE, out.replyType(0));
    final SshWireReader body = body(out.replies().get(0));
    assertEquals("query", body.readUtf8("name"));
    final List<String> names = new ArrayList<>();
    while (body.hasRemaining()) {
      names.add(body.readUtf8("extension"));
    }
    assertEquals(List.of("query", "session-bind@openssh.com"), names);
  }

  @Test
  void shouldCloseAtOnceOnOversizeLengthPrefix() {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    final ByteBuffer prefix =
        ByteBuffer.allocate(4).putInt(SshAgentFrameDescriptor.MAX_FRAME_LENGTH + 1).flip();
    session.onBytes(prefix);
    assertTrue(out.closed);
    assertTrue(session.isClosed());
    assertTrue(out.replies().isEmpty());
  }

  @Test
  void shouldAcceptFrameOfExactlyMaximumLength() {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    final byte[] big = frame(200, new byte[SshAgentFrameDescriptor.MAX_FRAME_LENGTH - 1]);
    for (int at = 0; at < big.length; at += 8191) {
      session.onBytes(ByteBuffer.wrap(big, at, Math.min(8191, big.length - at)));
    }
    assertFalse(out.closed);
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, out.replyType(0));
  }

  @Test
  void shouldCopyFromReadOnlyBuffersInsteadOfFailing() {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    final byte[] two = new byte[10];
    System.arraycopy(requestIdentities(), 0, two, 0, 5);
    System.arraycopy(requestIdentities(), 0, two, 5, 5);
    session.onBytes(ByteBuffer.wrap(two, 0, 7).asReadOnlyBuffer());
    session.onBytes(ByteBuffer.wrap(two, 7, 3).asReadOnlyBuffer());
    assertEquals(2, out.replies().size());
    assertFalse(out.closed);
  }

  @Test
  void shouldFrameRequestsSplitAtEveryByte() {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    final SshPrivateKey key = key(SshKeyType.ED25519);
    final SshWireWriter stream = new SshWireWriter();
    for (final byte[] f :
        List.of(
            addIdentity(key, "c", new byte[0]),
            requestIdentities(),
            signRequest(key.publicKeyBlob(), DATA, 0))) {
      stream.writeBytes(f, 0, f.length);
    }
    final byte[] all = stream.toByteArray();
    for (int i = 0; i < all.length; i++) {
      session.onBytes(ByteBuffer.wrap(all, i, 1));
    }
    assertEquals(3, out.replies().size());
    assertEquals(SshAgentProtocol.SSH_AGENT_SIGN_RESPONSE, out.replyType(2));
  }

  @Test
  void shouldKeepReplyOrderWhenSignaturesCompleteOutOfOrder() throws Exception {
    final RecordingBackend backend = new RecordingBackend();
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(backend, out, null);
    feed(
        session,
        signRequest(new byte[] {1}, DATA, 0),
        signRequest(new byte[] {2}, DATA, 0),
        requestIdentities());
    assertTrue(out.replies().isEmpty(), "nothing may overtake the parked first sign");
    final CountDownLatch done = new CountDownLatch(1);
    Thread.ofPlatform()
        .start(
            () -> {
              backend.seen.get(1).callback().onSignature(new byte[] {22});
              backend.seen.get(0).callback().onSignature(new byte[] {11});
              done.countDown();
            });
    assertTrue(done.await(5, TimeUnit.SECONDS));
    assertEquals(3, out.replies().size());
    assertArrayEquals(new byte[] {11}, body(out.replies().get(0)).readString("sig"));
    assertArrayEquals(new byte[] {22}, body(out.replies().get(1)).readString("sig"));
    assertEquals(SshAgentProtocol.SSH_AGENT_IDENTITIES_ANSWER, out.replyType(2));
  }

  /** What a backend saw of one sign request: the arrays it got and the payload bytes. */
  private record SeenSign(
      byte[] blob, byte[] data, byte[] payload, SshAgentCallbacks.Sign callback) {}

  /** Keeps every sign request's arrays and callback; counts close notifications. */
  private static final class RecordingBackend extends SessionKeyStoreBackendStub {
    final List<SeenSign> seen = new ArrayList<>();
    int closedCalls;

    @Override
    public void sign(
        final SshAgentSession s,
        final byte[] blob,
        final byte[] data,
        final int dataLength,
        final int flags,
        final SshAgentCallbacks.Sign callback) {
      seen.add(new SeenSign(blob, data, java.util.Arrays.copyOf(data, dataLength), callback));
    }

    @Override
    public void onSessionClosed(final SshAgentSession s) {
      closedCalls++;
    }
  }

  @Test
  void shouldReuseTheSignPayloadArrayOnlyAfterItsReplyIsWritten() {
    final RecordingBackend backend = new RecordingBackend();
    final List<SeenSign> seen = backend.seen;
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(backend, out, null);
    final byte[] longer = "a longer payload to sign".getBytes(StandardCharsets.UTF_8);
    feed(session, signRequest(new byte[] {1}, DATA, 0), signRequest(new byte[] {1}, longer, 0));
    assertEquals(2, seen.size());
    assertTrue(seen.get(0).data() != seen.get(1).data(), "requests in flight share no payload");
    assertArrayEquals(DATA, seen.get(0).payload());
    assertArrayEquals(longer, seen.get(1).payload());
    seen.get(0).callback().onSignature(new byte[] {11});
    seen.get(1).callback().onSignature(new byte[] {22});
    feed(session, signRequest(new byte[] {1}, DATA, 0));
    assertEquals(2, out.replies().size());
    assertTrue(
        seen.get(2).data() == seen.get(0).data() || seen.get(2).data() == seen.get(1).data(),
        "a written reply's payload array is reused");
    assertArrayEquals(DATA, seen.get(2).payload());
  }

  @Test
  void shouldHandTheSameKeyBlobArrayForTheSameKeyAndANewOneForAnother() {
    final RecordingBackend backend = new RecordingBackend();
    final List<SeenSign> seen = backend.seen;
    final SshAgentSession session =
        new SshAgentSession(backend, new AgentTestSupport.CapturingOutput(), null);
    feed(
        session,
        signRequest(new byte[] {1, 2}, DATA, 0),
        signRequest(new byte[] {1, 2}, DATA, 0),
        signRequest(new byte[] {1, 3}, DATA, 0));
    assertTrue(seen.get(0).blob() == seen.get(1).blob());
    assertArrayEquals(new byte[] {1, 2}, seen.get(1).blob());
    assertArrayEquals(new byte[] {1, 3}, seen.get(2).blob());
    assertArrayEquals(new byte[] {1, 2}, seen.get(0).blob(), "a blob handed out never changes");
  }

  @Test
  void shouldGiveLargePayloadsTheirOwnExactArray() {
    final RecordingBackend backend = new RecordingBackend();
    final List<SeenSign> seen = backend.seen;
    final SshAgentSession session =
        new SshAgentSession(backend, new AgentTestSupport.CapturingOutput(), null);
    final byte[] large = new byte[SshAgentSession.POOLED_DATA_LENGTH + 1];
    java.util.Arrays.fill(large, (byte) 7);
    feed(session, signRequest(new byte[] {1}, large, 0));
    assertEquals(large.length, seen.get(0).data().length);
    assertArrayEquals(large, seen.get(0).payload());
  }

  @Test
  void shouldCloseOnceWhenTooManyRepliesArePending() {
    final RecordingBackend backend = new RecordingBackend();
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(backend, out, null);
    for (int i = 0; i <= SshAgentSession.MAX_PENDING_REPLIES; i++) {
      feed(session, signRequest(new byte[] {1}, DATA, 0));
    }
    assertTrue(out.closed);
    assertEquals(SshAgentSession.MAX_PENDING_REPLIES, backend.seen.size());
    backend.seen.get(0).callback().onSignature(new byte[] {1});
    session.onClosed();
    assertTrue(out.replies().isEmpty(), "nothing is written after close");
    assertEquals(1, backend.closedCalls);
  }

  @Test
  void shouldAnswerFailureWhenBackendThrows() {
    final SshAgentBackend backend =
        new SessionKeyStoreBackendStub() {
          @Override
          public void requestIdentities(
              final SshAgentSession s, final SshAgentCallbacks.Identities c) {
            throw new IllegalStateException("backend bug");
          }
        };
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(backend, out, null);
    feed(session, requestIdentities(), requestIdentities());
    assertEquals(2, out.replies().size());
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, out.replyType(0));
    assertEquals(2, session.failureCount());
  }

  @Test
  void shouldRefuseUnknownConstraintsInsteadOfIgnoringThem() {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SessionKeyStore store = new SessionKeyStore();
    final SshAgentSession session = new SshAgentSession(store, out, null);
    final SshPrivateKey key = key(SshKeyType.ED25519);
    final byte[] maxSign =
        new SshWireWriter()
            .writeUint8(SshAgentProtocol.SSH_AGENT_CONSTRAIN_MAXSIGN)
            .writeUint32(5)
            .toByteArray();
    final byte[] unknownExtension =
        new SshWireWriter()
            .writeUint8(SshAgentProtocol.SSH_AGENT_CONSTRAIN_EXTENSION)
            .writeUtf8("sk-provider@openssh.com")
            .writeUtf8("x")
            .toByteArray();
    final byte[] lifetime =
        new SshWireWriter()
            .writeUint8(SshAgentProtocol.SSH_AGENT_CONSTRAIN_LIFETIME)
            .writeUint32(60)
            .toByteArray();
    feed(
        session,
        addIdentity(key, "c", maxSign),
        addIdentity(key, "c", unknownExtension),
        addIdentity(key, "c", lifetime));
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, out.replyType(0));
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, out.replyType(1));
    assertEquals(SshAgentProtocol.SSH_AGENT_SUCCESS, out.replyType(2));
    assertEquals(1, store.size());
  }

  @Test
  void shouldLockAndUnlockOverTheWire() {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    final SshPrivateKey key = key(SshKeyType.ECDSA_P256);
    final byte[] pass = "pw".getBytes(StandardCharsets.UTF_8);
    feed(
        session,
        addIdentity(key, "c", new byte[0]),
        frame(SshAgentProtocol.SSH_AGENTC_LOCK, stringBody(pass)),
        signRequest(key.publicKeyBlob(), DATA, 0),
        frame(SshAgentProtocol.SSH_AGENTC_UNLOCK, stringBody(pass)),
        signRequest(key.publicKeyBlob(), DATA, 0));
    assertEquals(SshAgentProtocol.SSH_AGENT_SUCCESS, out.replyType(1));
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, out.replyType(2));
    assertEquals(SshAgentProtocol.SSH_AGENT_SUCCESS, out.replyType(3));
    assertEquals(SshAgentProtocol.SSH_AGENT_SIGN_RESPONSE, out.replyType(4));
  }

  static SshWireReader body(final byte[] reply) {
    return new SshWireReader(reply, 5, reply.length - 5);
  }
}
