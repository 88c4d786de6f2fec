package dev.persona.engine.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parses files written by the real {@code ssh-keygen} and checks fingerprints against it. */
class SshPrivateKeyParserTest {
  private static final char[] PASSPHRASE = "correct horse".toCharArray();
  private static final byte[] DATA = "data".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  static Stream<Arguments> keygenCases() {
    return Stream.of(
        Arguments.of("ed25519", List.of("-t", "ed25519"), false, SshKeyType.ED25519),
        Arguments.of("ed25519-pass", List.of("-t", "ed25519"), true, SshKeyType.ED25519),
        Arguments.of("ecdsa256", List.of("-t", "ecdsa", "-b", "256"), false, SshKeyType.ECDSA_P256),
        Arguments.of(
            "ecdsa384-pass", List.of("-t", "ecdsa", "-b", "384"), true, SshKeyType.ECDSA_P384),
        Arguments.of("ecdsa521", List.of("-t", "ecdsa", "-b", "521"), false, SshKeyType.ECDSA_P521),
        Arguments.of(
            "ecdsa-pem", List.of("-t", "ecdsa", "-m", "PEM"), false, SshKeyType.ECDSA_P256),
        Arguments.of(
            "ecdsa-pkcs8-pass", List.of("-t", "ecdsa", "-m", "PKCS8"), true, SshKeyType.ECDSA_P256),
        Arguments.of("rsa", List.of("-t", "rsa", "-b", "2048"), false, SshKeyType.RSA),
        Arguments.of("rsa-pass", List.of("-t", "rsa", "-b", "2048"), true, SshKeyType.RSA),
        Arguments.of(
            "rsa-pem", List.of("-t", "rsa", "-b", "2048", "-m", "PEM"), false, SshKeyType.RSA),
        Arguments.of(
            "rsa-pem-pass", List.of("-t", "rsa", "-b", "2048", "-m", "PEM"), true, SshKeyType.RSA),
        Arguments.of(
            "rsa-pkcs8", List.of("-t", "rsa", "-b", "2048", "-m", "PKCS8"), false, SshKeyType.RSA));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keygenCases")
  void shouldParseFileWrittenBySshKeygen(
      final String name, final List<String> options, final boolean encrypted, final SshKeyType type)
      throws Exception {
    final Path keygen = ExternalTools.require("ssh-keygen");
    final Path file = dir.resolve(name);
    final List<String> command = new ArrayList<>(List.of(keygen.toString(), "-q"));
    command.addAll(options);
    command.addAll(
        List.of(
            "-N",
            encrypted ? new String(PASSPHRASE) : "",
            "-C",
            name + "@test",
            "-f",
            file.toString()));
    ExternalTools.runOk(command);
    if (options.contains("PEM") || options.contains("PKCS8")) {
      assertTrue(Files.readString(file).startsWith("-----BEGIN "), "expected a PEM file");
      assertTrue(!Files.readString(file).contains("OPENSSH"), "expected PEM, not openssh-key-v1");
    }

    final SshPrivateKey key =
        SshPrivateKeyParser.parseFile(Files.readAllBytes(file), encrypted ? PASSPHRASE : null);

    assertEquals(type, key.type());
    final byte[] expectedBlob =
        SshPublicKeys.parseAuthorizedKeysLine(Files.readString(dir.resolve(name + ".pub")));
    assertArrayEquals(expectedBlob, key.publicKeyBlob());
    final String keygenFingerprint =
        ExternalTools.runOk(List.of(keygen.toString(), "-l", "-E", "sha256", "-f", file + ".pub"))
            .stdout()
            .split(" ")[1];
    assertEquals(keygenFingerprint, key.fingerprint());
    assertEquals(keygenFingerprint, SshPublicKeys.fingerprintSha256(expectedBlob));
    final byte[] sig = key.sign(DATA, 0, DATA.length, SshPrivateKey.FLAG_RSA_SHA2_512);
    assertTrue(SshSignatureVerifier.verify(expectedBlob, DATA, 0, DATA.length, sig, false));
    if (!options.contains("PEM") && !options.contains("PKCS8")) {
      assertEquals(name + "@test", key.comment());
    }
    if (encrypted) {
      final SshKeyException wrong =
          assertThrows(
              SshKeyException.class,
              () -> SshPrivateKeyParser.parseFile(Files.readAllBytes(file), "wrong".toCharArray()));
      assertEquals(SshKeyException.Kind.BAD_PASSPHRASE, wrong.kind());
      final SshKeyException missing =
          assertThrows(
              SshKeyException.class,
              () -> SshPrivateKeyParser.parseFile(Files.readAllBytes(file), null));
      assertEquals(SshKeyException.Kind.BAD_PASSPHRASE, missing.kind());
    }
  }

  @Test
  void shouldWriteFilesThatSshKeygenReads() throws Exception {
    final Path keygen = ExternalTools.require("ssh-keygen");
    for (final SshKeyType type :
        List.of(SshKeyType.ED25519, SshKeyType.ECDSA_P384, SshKeyType.ECDSA_P521)) {
      final SshPrivateKey key = SshKeyGenerator.generate(type, "made-by-persona");
      final Path file = dir.resolve("persona-" + type);
      Files.write(file, key.encodeOpenSshPrivateKey());
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      final String line =
          ExternalTools.runOk(List.of(keygen.toString(), "-y", "-f", file.toString())).stdout();
      assertArrayEquals(key.publicKeyBlob(), SshPublicKeys.parseAuthorizedKeysLine(line));
      assertTrue(
          line.startsWith(SshPublicKeys.authorizedKeysLine(key.publicKeyBlob(), null)),
          "authorized_keys line differs: " + line);
    }
  }

  @Test
  void shouldCarryCertificateSignedBySshKeygen() throws Exception {
    final Path keygen = ExternalTools.require("ssh-keygen");
    final Path ca = dir.resolve("ca");
    ExternalTools.runOk(
        List.of(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", ca.toString()));
    final SshPrivateKey user = SshKeyGenerator.generate(SshKeyType.ECDSA_P256, "user");
    final Path pub = dir.resolve("user.pub");
    Files.writeString(pub, SshPublicKeys.authorizedKeysLine(user.publicKeyBlob(), "user") + "\n");
    ExternalTools.runOk(
        List.of(
            keygen.toString(),
            "-q",
            "-s",
            ca.toString(),
            "-I",
            "id-1",
            "-n",
            "alice,bob",
            "-V",
            "-1d:+1d",
            pub.toString()));
    final byte[] certBlob =
        SshPublicKeys.parseAuthorizedKeysLine(Files.readString(dir.resolve("user-cert.pub")));

    final SshCertificate certificate = SshCertificate.parse(certBlob);
    assertEquals(List.of("alice", "bob"), certificate.principals());
    assertEquals("id-1", certificate.keyId());
    assertEquals(SshCertificate.SSH_CERT_TYPE_USER, certificate.certType());
    assertTrue(certificate.verifySignature());
    assertTrue(certificate.isValidAt(System.currentTimeMillis() / 1000));

    final SshPrivateKey withCert = user.withCertificate(certificate, "cert");
    final byte[] agent = withCert.encodeAgentKey();
    final SshWireWriter framed =
        new SshWireWriter().writeBytes(agent, 0, agent.length).writeUtf8("c");
    final SshPrivateKey parsed =
        SshPrivateKeyParser.readAgentIdentity(new SshWireReader(framed.toByteArray()));
    assertArrayEquals(certBlob, parsed.identityBlob());
    assertArrayEquals(user.publicKeyBlob(), parsed.publicKeyBlob());
    final byte[] sig = parsed.sign(DATA, 0, DATA.length, 0);
    assertTrue(SshSignatureVerifier.verify(certBlob, DATA, 0, DATA.length, sig, false));
  }

  @Test
  void shouldRejectGarbageWithMalformedCategory() {
    final SshKeyException e =
        assertThrows(
            SshKeyException.class,
            () ->
                SshPrivateKeyParser.parseFile(
                    "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
                        .getBytes(StandardCharsets.US_ASCII),
                    null));
    assertEquals(SshKeyException.Kind.MALFORMED, e.kind());
  }
}
