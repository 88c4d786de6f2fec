package dev.persona.engine.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SshPrivateKeyTest {
  private static final byte[] DATA = "persona signs this".getBytes(StandardCharsets.UTF_8);
  private static SshPrivateKey rsa;

  @BeforeAll
  static void generateRsaOnce() {
    rsa = SshKeyGenerator.generate(SshKeyType.RSA, "rsa@test");
  }

  private static SshPrivateKey generate(final SshKeyType type) {
    return type == SshKeyType.RSA ? rsa : SshKeyGenerator.generate(type, "t@" + type);
  }

  @ParameterizedTest
  @EnumSource(SshKeyType.class)
  void shouldProduceSignatureThatJcaVerifies(final SshKeyType type) throws Exception {
    final SshPrivateKey key = generate(type);
    final int flags = type == SshKeyType.RSA ? SshPrivateKey.FLAG_RSA_SHA2_512 : 0;
    final byte[] blob = key.sign(DATA, 0, DATA.length, flags);

    final SshWireReader reader = new SshWireReader(blob);
    assertEquals(key.signatureAlgorithm(flags), reader.readUtf8("alg"));
    final byte[] raw = reader.readString("sig");
    assertFalse(reader.hasRemaining());
    assertTrue(JcaVerifier.verify(key.publicKeyBlob(), key.signatureAlgorithm(flags), raw, DATA));
    assertTrue(SshSignatureVerifier.verify(key.publicKeyBlob(), DATA, 0, DATA.length, blob, false));
    final byte[] tampered = DATA.clone();
    tampered[0] ^= 1;
    assertFalse(
        SshSignatureVerifier.verify(
            key.publicKeyBlob(), tampered, 0, tampered.length, blob, false));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 4, 6})
  void shouldPickRsaHashFromFlags(final int flags) throws Exception {
    final byte[] blob = rsa.sign(DATA, 0, DATA.length, flags);
    final String expected =
        switch (flags) {
          case 2 -> "rsa-sha2-256";
          case 4, 6 -> "rsa-sha2-512";
          default -> "ssh-rsa";
        };
    final SshWireReader reader = new SshWireReader(blob);
    assertEquals(expected, reader.readUtf8("alg"));
    assertTrue(JcaVerifier.verify(rsa.publicKeyBlob(), expected, reader.readString("sig"), DATA));
    assertEquals(flags == 0, rsa.usesSha1(flags));
    assertEquals(
        flags != 0,
        SshSignatureVerifier.verify(rsa.publicKeyBlob(), DATA, 0, DATA.length, blob, false));
  }

  @ParameterizedTest
  @EnumSource(SshKeyType.class)
  void shouldRoundTripAgentAndOpenSshEncodings(final SshKeyType type) {
    final SshPrivateKey key = generate(type);
    final byte[] agent = key.encodeAgentKey();
    final SshWireWriter withComment = new SshWireWriter();
    withComment.writeBytes(agent, 0, agent.length).writeUtf8("comment one");
    final SshPrivateKey fromAgent =
        SshPrivateKeyParser.readAgentIdentity(new SshWireReader(withComment.toByteArray()));
    assertArrayEquals(key.publicKeyBlob(), fromAgent.publicKeyBlob());
    assertEquals("comment one", fromAgent.comment());

    final byte[] file = key.encodeOpenSshPrivateKey();
    final SshPrivateKey fromFile = SshPrivateKeyParser.parseFile(file, null);
    assertArrayEquals(key.publicKeyBlob(), fromFile.publicKeyBlob());
    assertEquals(key.comment(), fromFile.comment());
    final byte[] sig = fromFile.sign(DATA, 0, DATA.length, SshPrivateKey.FLAG_RSA_SHA2_256);
    assertTrue(SshSignatureVerifier.verify(key.publicKeyBlob(), DATA, 0, DATA.length, sig, false));
  }

  @Test
  void shouldRefuseToSignAfterDestroy() {
    final SshPrivateKey key = SshKeyGenerator.generate(SshKeyType.ED25519, "x");
    key.destroy();
    final SshKeyException e =
        assertThrows(SshKeyException.class, () -> key.sign(DATA, 0, DATA.length, 0));
    assertEquals(SshKeyException.Kind.DESTROYED, e.kind());
  }

  @ParameterizedTest
  @EnumSource(SshKeyType.class)
  void shouldZeroItsLockedMemoryOnDestroyAndRefuseToSignOrEncode(final SshKeyType type) {
    final SshPrivateKey key = generate(type).withCertificate(null, "own copy");
    assertFalse(key.secretReadsAsZero());
    key.destroy();
    assertTrue(key.secretReadsAsZero(), "nothing of the key is left in its holder");
    assertEquals(
        SshKeyException.Kind.DESTROYED,
        assertThrows(SshKeyException.class, () -> key.sign(DATA, 0, DATA.length, 4)).kind());
    assertThrows(SshKeyException.class, key::encodeOpenSshPrivateKey);
  }

  @ParameterizedTest
  @EnumSource(SshKeyType.class)
  void shouldGiveACopyItsOwnHolderThatOutlivesTheOriginal(final SshKeyType type) throws Exception {
    final SshPrivateKey original = generate(type).withCertificate(null, "original");
    final SshPrivateKey copy = original.withCertificate(null, "copy");
    original.destroy();
    final int flags = SshPrivateKey.FLAG_RSA_SHA2_256;
    final SshWireReader reader = new SshWireReader(copy.sign(DATA, 0, DATA.length, flags));
    assertTrue(
        JcaVerifier.verify(
            copy.publicKeyBlob(), reader.readUtf8("alg"), reader.readString("sig"), DATA));
    copy.destroy();
  }

  @ParameterizedTest
  @EnumSource(
      value = SshKeyType.class,
      names = {"ED25519", "ECDSA_P256"})
  void shouldEitherSignCorrectlyOrFailWhenDestroyedMidway(final SshKeyType type) throws Exception {
    final SshPrivateKey key = SshKeyGenerator.generate(type, "race");
    final byte[] publicBlob = key.publicKeyBlob();
    final ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      final List<Future<Integer>> signers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        signers.add(
            pool.submit(
                () -> {
                  int signed = 0;
                  while (true) {
                    final byte[] blob;
                    try {
                      blob = key.sign(DATA, 0, DATA.length, 0);
                    } catch (final SshKeyException ex) {
                      assertEquals(SshKeyException.Kind.DESTROYED, ex.kind());
                      return signed;
                    }
                    assertTrue(
                        SshSignatureVerifier.verify(publicBlob, DATA, 0, DATA.length, blob, false),
                        "every signature handed out verifies");
                    signed++;
                  }
                }));
      }
      Thread.sleep(200);
      key.destroy();
      for (final Future<Integer> signer : signers) {
        assertTrue(signer.get(30, java.util.concurrent.TimeUnit.SECONDS) >= 0);
      }
      assertTrue(key.secretReadsAsZero());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldRefuseRsaGenerationBelow3072Bits() {
    assertThrows(
        SshKeyException.class, () -> SshKeyGenerator.generate(SshKeyType.RSA, 2048, "small"));
  }

  @Test
  void shouldSignConcurrentlyFromManyThreads() throws Exception {
    final SshPrivateKey key = SshKeyGenerator.generate(SshKeyType.ED25519, "mt");
    final ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      final List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        final byte[] data = ("msg" + i).getBytes(StandardCharsets.UTF_8);
        results.add(
            pool.submit(
                () ->
                    SshSignatureVerifier.verify(
                        key.publicKeyBlob(),
                        data,
                        0,
                        data.length,
                        key.sign(data, 0, data.length, 0),
                        false)));
      }
      for (final Future<Boolean> result : results) {
        assertTrue(result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldMatchRfc8032TestVectorOne() {
    // RFC 8032 §7.1 TEST 1: empty message.
    final byte[] seed =
        HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    final SshPrivateKey key = Ed25519SshKey.fromSeed(seed, 0, null, null, "");
    final byte[] blob = key.sign(new byte[0], 0, 0, 0);
    final SshWireReader reader = new SshWireReader(blob);
    reader.readUtf8("alg");
    assertEquals(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        HexFormat.of().formatHex(reader.readString("sig")));
  }
}
