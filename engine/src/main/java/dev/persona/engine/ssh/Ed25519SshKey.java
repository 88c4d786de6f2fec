package dev.persona.engine.ssh;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 via BouncyCastle's RFC 8032 code, given the public key so it is not re-derived per sign.
 */
final class Ed25519SshKey extends SshPrivateKey {
  private static final byte[] ALGORITHM =
      "ssh-ed25519".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int SIGNATURE_BLOB_LENGTH =
      4 + ALGORITHM.length + 4 + Ed25519.SIGNATURE_SIZE;

  private final byte[] seed;
  private final byte[] publicKey;

  Ed25519SshKey(
      final byte[] seed,
      final byte[] publicKey,
      final SshCertificate certificate,
      final String comment) {
    super(SshKeyType.ED25519, publicBlob(publicKey), certificate, comment);
    this.seed = seed;
    this.publicKey = publicKey;
  }

  static byte[] publicBlob(final byte[] publicKey) {
    return new SshWireWriter(64).writeUtf8("ssh-ed25519").writeString(publicKey).toByteArray();
  }

  /** Builds a key from a 32-byte seed (copied), checking {@code expectedPublic} when given. */
  static Ed25519SshKey fromSeed(
      final byte[] seed,
      final int seedOffset,
      final byte[] expectedPublic,
      final SshCertificate certificate,
      final String comment) {
    final byte[] ownSeed =
        Arrays.copyOfRange(seed, seedOffset, seedOffset + Ed25519.SECRET_KEY_SIZE);
    final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(ownSeed, 0, publicKey, 0);
    if (expectedPublic != null && !Arrays.equals(publicKey, expectedPublic)) {
      Arrays.fill(ownSeed, (byte) 0);
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=public_key_mismatch type=ssh-ed25519");
    }
    return new Ed25519SshKey(ownSeed, publicKey, certificate, comment);
  }

  @Override
  public SshPrivateKey withCertificate(final SshCertificate certificate, final String comment) {
    checkNotDestroyed();
    return new Ed25519SshKey(seed.clone(), publicKey.clone(), certificate, comment);
  }

  @Override
  byte[] signUnchecked(final byte[] data, final int offset, final int length, final int flags) {
    final byte[] blob = new byte[SIGNATURE_BLOB_LENGTH];
    int at = putString(blob, 0, ALGORITHM);
    blob[at] = 0;
    blob[at + 1] = 0;
    blob[at + 2] = 0;
    blob[at + 3] = (byte) Ed25519.SIGNATURE_SIZE;
    at += 4;
    Ed25519.sign(seed, 0, publicKey, 0, data, offset, length, blob, at);
    return blob;
  }

  private static int putString(final byte[] out, final int at, final byte[] value) {
    out[at] = (byte) (value.length >>> 24);
    out[at + 1] = (byte) (value.length >>> 16);
    out[at + 2] = (byte) (value.length >>> 8);
    out[at + 3] = (byte) value.length;
    System.arraycopy(value, 0, out, at + 4, value.length);
    return at + 4 + value.length;
  }

  @Override
  void writePrivateFields(final SshWireWriter out) {
    out.writeString(publicKey);
    writeSecret(out);
  }

  @Override
  void writeCertificatePrivateFields(final SshWireWriter out) {
    writePrivateFields(out);
  }

  private void writeSecret(final SshWireWriter out) {
    // OpenSSH stores the 64-byte "secret key" as seed ‖ public key.
    out.writeUint32(64).writeBytes(seed, 0, 32).writeBytes(publicKey, 0, 32);
  }

  @Override
  void wipe() {
    Arrays.fill(seed, (byte) 0);
  }
}
