package dev.persona.agent;

import static dev.persona.agent.AgentTestSupport.addIdentity;
import static dev.persona.agent.AgentTestSupport.extension;
import static dev.persona.agent.AgentTestSupport.feed;
import static dev.persona.agent.AgentTestSupport.requestIdentities;
import static dev.persona.agent.AgentTestSupport.signRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.ssh.SshKeyGenerator;
import dev.persona.engine.ssh.SshKeyType;
import dev.persona.engine.ssh.SshPrivateKey;
import dev.persona.engine.ssh.SshWireReader;
import dev.persona.engine.ssh.SshWireWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;

/** Session-bind verification and destination restrictions, following OpenSSH's rules. */
class SessionKeyStoreTest {
  private final SshPrivateKey hostA = SshKeyGenerator.generate(SshKeyType.ED25519, "host-a");
  private final SshPrivateKey hostB = SshKeyGenerator.generate(SshKeyType.ECDSA_P256, "host-b");
  private final SshPrivateKey user = SshKeyGenerator.generate(SshKeyType.ED25519, "user");

  private static byte[] sessionBind(
      final SshPrivateKey host, final byte[] sessionId, final boolean forwarding) {
    final byte[] signature =
        host.sign(sessionId, 0, sessionId.length, SshAgentProtocol.SSH_AGENT_RSA_SHA2_512);
    return new SshWireWriter()
        .writeString(host.publicKeyBlob())
        .writeString(sessionId)
        .writeString(signature)
        .writeUint8(forwarding ? 1 : 0)
        .toByteArray();
  }

  /**
   * A restrict-destination constraint allowing use from this machine to {@code host} as {@code
   * userName}.
   */
  private static byte[] restrictTo(
      final SshPrivateKey host, final String hostname, final String userName) {
    final byte[] from = new SshWireWriter().writeUtf8("").writeUtf8("").writeUtf8("").toByteArray();
    final byte[] to =
        new SshWireWriter()
            .writeUtf8(userName)
            .writeUtf8(hostname)
            .writeUtf8("")
            .writeString(host.publicKeyBlob())
            .writeUint8(0)
            .toByteArray();
    final byte[] rule =
        new SshWireWriter().writeString(from).writeString(to).writeUtf8("").toByteArray();
    final byte[] rules = new SshWireWriter().writeString(rule).toByteArray();
    return new SshWireWriter()
        .writeUint8(SshAgentProtocol.SSH_AGENT_CONSTRAIN_EXTENSION)
        .writeUtf8(SshAgentProtocol.CONSTRAINT_RESTRICT_DESTINATION)
        .writeString(rules)
        .toByteArray();
  }

  private byte[] userAuthRequest(
      final byte[] sessionId, final String userName, final byte[] hostKey) {
    final SshWireWriter out =
        new SshWireWriter()
            .writeString(sessionId)
            .writeUint8(SshAgentProtocol.SSH2_MSG_USERAUTH_REQUEST)
            .writeUtf8(userName)
            .writeUtf8("ssh-connection")
            .writeUtf8(hostKey == null ? "publickey" : "publickey-hostbound-v00@openssh.com")
            .writeUint8(1)
            .writeUtf8("ssh-ed25519")
            .writeString(user.publicKeyBlob());
    if (hostKey != null) {
      out.writeString(hostKey);
    }
    return out.toByteArray();
  }

  private static int identityCount(final byte[] reply) {
    return new SshWireReader(reply, 5, reply.length - 5).readUint32("count");
  }

  @Test
  void shouldRecordVerifiedSessionBindAndRejectForgedOne() {
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    final SshAgentSession session = new SshAgentSession(new SessionKeyStore(), out, null);
    final byte[] sid = "session-id-0123456789".getBytes(StandardCharsets.US_ASCII);
    final byte[] forged = sessionBind(hostA, sid, false);
    forged[forged.length - 2] ^= 1; // inside the signature
    feed(session, extension(SshAgentProtocol.EXTENSION_SESSION_BIND, forged));
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, out.replyType(0));
    assertTrue(session.bindings().isEmpty());
    assertTrue(session.sessionBindAttempted());

    final SshAgentSession fresh = new SshAgentSession(new SessionKeyStore(), out, null);
    feed(fresh, extension(SshAgentProtocol.EXTENSION_SESSION_BIND, sessionBind(hostB, sid, false)));
    assertEquals(SshAgentProtocol.SSH_AGENT_SUCCESS, out.replyType(1));
    assertEquals(1, fresh.bindings().size());
    // A connection bound for authentication cannot be bound again.
    feed(
        fresh,
        extension(
            SshAgentProtocol.EXTENSION_SESSION_BIND,
            sessionBind(hostA, "other".getBytes(StandardCharsets.US_ASCII), false)));
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, out.replyType(2));
  }

  @Test
  void shouldOfferAndSignWithRestrictedKeyOnlyForPermittedHostAndUser() {
    final SessionKeyStore store = new SessionKeyStore();
    final AgentTestSupport.CapturingOutput setupOut = new AgentTestSupport.CapturingOutput();
    feed(
        new SshAgentSession(store, setupOut, null),
        addIdentity(user, "restricted", restrictTo(hostA, "a.example", "alice")));
    assertEquals(SshAgentProtocol.SSH_AGENT_SUCCESS, setupOut.replyType(0));
    final byte[] sid = "sid-for-host-a".getBytes(StandardCharsets.US_ASCII);

    // Bound to host A: listed, signs for alice with the bound session id and host key.
    final AgentTestSupport.CapturingOutput outA = new AgentTestSupport.CapturingOutput();
    final SshAgentSession toA = new SshAgentSession(store, outA, null);
    feed(
        toA,
        extension(SshAgentProtocol.EXTENSION_SESSION_BIND, sessionBind(hostA, sid, false)),
        requestIdentities(),
        signRequest(user.publicKeyBlob(), userAuthRequest(sid, "alice", hostA.publicKeyBlob()), 0),
        signRequest(
            user.publicKeyBlob(), userAuthRequest(sid, "mallory", hostA.publicKeyBlob()), 0),
        signRequest(
            user.publicKeyBlob(),
            userAuthRequest("other-sid".getBytes(StandardCharsets.US_ASCII), "alice", null),
            0),
        signRequest(
            user.publicKeyBlob(), "not a userauth request".getBytes(StandardCharsets.US_ASCII), 0));
    assertEquals(SshAgentProtocol.SSH_AGENT_SUCCESS, outA.replyType(0));
    assertEquals(1, identityCount(outA.replies().get(1)));
    assertEquals(SshAgentProtocol.SSH_AGENT_SIGN_RESPONSE, outA.replyType(2));
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, outA.replyType(3), "wrong user");
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, outA.replyType(4), "wrong session id");
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, outA.replyType(5), "not userauth");

    // Bound to host B: hidden and refused.
    final AgentTestSupport.CapturingOutput outB = new AgentTestSupport.CapturingOutput();
    final SshAgentSession toB = new SshAgentSession(store, outB, null);
    final byte[] sidB = "sid-for-host-b".getBytes(StandardCharsets.US_ASCII);
    feed(
        toB,
        extension(SshAgentProtocol.EXTENSION_SESSION_BIND, sessionBind(hostB, sidB, false)),
        requestIdentities(),
        signRequest(
            user.publicKeyBlob(), userAuthRequest(sidB, "alice", hostB.publicKeyBlob()), 0));
    assertEquals(0, identityCount(outB.replies().get(1)));
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, outB.replyType(2));

    // Unbound (local use): listed, but never signs.
    final AgentTestSupport.CapturingOutput outLocal = new AgentTestSupport.CapturingOutput();
    feed(
        new SshAgentSession(store, outLocal, null),
        requestIdentities(),
        signRequest(user.publicKeyBlob(), userAuthRequest(sid, "alice", null), 0));
    assertEquals(1, identityCount(outLocal.replies().get(0)));
    assertEquals(SshAgentProtocol.SSH_AGENT_FAILURE, outLocal.replyType(1));
  }

  @Test
  void shouldKeepSigningForOtherConnectionsWhileConfirmIsParked() {
    final List<SshAgentCallbacks.Status> parked = new ArrayList<>();
    final SessionKeyStore store =
        new SessionKeyStore(
            SystemEpochClock.INSTANCE,
            Runnable::run,
            (session, identity, destination, decision) -> parked.add(decision),
            false);
    final SshPrivateKey other = SshKeyGenerator.generate(SshKeyType.ECDSA_P256, "other");
    final byte[] confirm =
        new SshWireWriter().writeUint8(SshAgentProtocol.SSH_AGENT_CONSTRAIN_CONFIRM).toByteArray();
    final AgentTestSupport.CapturingOutput setup = new AgentTestSupport.CapturingOutput();
    feed(
        new SshAgentSession(store, setup, null),
        addIdentity(user, "confirm", confirm),
        addIdentity(other, "plain", new byte[0]));

    final AgentTestSupport.CapturingOutput waiting = new AgentTestSupport.CapturingOutput();
    feed(
        new SshAgentSession(store, waiting, null),
        signRequest(user.publicKeyBlob(), new byte[] {1}, 0));
    assertEquals(1, parked.size());
    assertTrue(waiting.replies().isEmpty());

    final AgentTestSupport.CapturingOutput busy = new AgentTestSupport.CapturingOutput();
    final SshAgentSession busySession = new SshAgentSession(store, busy, null);
    for (int i = 0; i < 20; i++) {
      feed(busySession, signRequest(other.publicKeyBlob(), new byte[] {(byte) i}, 0));
    }
    assertEquals(20, busy.replies().size(), "other connections keep signing");

    parked.get(0).onResult(true);
    assertEquals(SshAgentProtocol.SSH_AGENT_SIGN_RESPONSE, waiting.replyType(0));
  }

  @Test
  void shouldMatchPatternsLikeOpenSsh() {
    assertTrue(SshDestinationRules.matchPattern("alice", "al*"));
    assertTrue(SshDestinationRules.matchPattern("alice", "?lice"));
    assertTrue(SshDestinationRules.matchPattern("alice", "*"));
    assertTrue(!SshDestinationRules.matchPattern("alice", "bob*"));
    assertTrue(!SshDestinationRules.matchPattern("Alice", "alice"));
  }

  @Test
  void shouldExpireLifetimeUsingInjectedClock() {
    final long[] now = {1_000_000L};
    final SessionKeyStore store =
        new SessionKeyStore(() -> now[0], Runnable::run, SshConfirmer.DENY, false);
    final byte[] lifetime =
        new SshWireWriter()
            .writeUint8(SshAgentProtocol.SSH_AGENT_CONSTRAIN_LIFETIME)
            .writeUint32(2)
            .toByteArray();
    final AgentTestSupport.CapturingOutput out = new AgentTestSupport.CapturingOutput();
    feed(new SshAgentSession(store, out, null), addIdentity(user, "short", lifetime));
    assertEquals(1, store.size());
    now[0] += 1999;
    assertTrue(store.holds(user.publicKeyBlob()));
    now[0] += 1;
    assertEquals(0, store.size());
    assertTrue(!store.holds(user.publicKeyBlob()));
    assertEquals(1, store.expire());
    assertEquals(0, store.expire());
  }
}
