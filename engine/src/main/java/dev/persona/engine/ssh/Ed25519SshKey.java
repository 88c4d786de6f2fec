package dev.persona.engine.ssh;

import dev.persona.engine.crypto.LockedBytes;
import dev.persona.engine.crypto.SecretPool;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 via BouncyCastle's RFC 8032 code, given the public key so it is not re-derived per sign.
 * The 32-byte seed lives only in a {@link LockedBytes}; BouncyCastle takes a {@code byte[]}, so
 * each signature copies it into a per-thread scratch array that is zeroed as soon as the signature
 * is made (no allocation: one scratch per signing thread, for the thread's life).
 */
final class Ed25519SshKey extends SshPrivateKey {
  private static final byte[] ALGORITHM =
      "ssh-ed25519".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int SIGNATURE_BLOB_LENGTH =
      4 + ALGORITHM.length + 4 + Ed25519.SIGNATURE_SIZE;
  private static final ThreadLocal<byte[]> SEED_SCRATCH =
      ThreadLocal.withInitial(() -> new byte[Ed25519.SECRET_KEY_SIZE]);

  private final LockedBytes seed;
  private final byte[] publicKey;

  private Ed25519SshKey(
      final LockedBytes seed,
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

  /**
   * Builds a key from a 32-byte seed, checking {@code expectedPublic} when given. The seed is
   * copied into locked memory; the caller still owns (and zeroes) {@code seed}.
   */
  static Ed25519SshKey fromSeed(
      final byte[] seed,
      final int seedOffset,
      final byte[] expectedPublic,
      final SshCertificate certificate,
      final String comment) {
    final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, seedOffset, publicKey, 0);
    if (expectedPublic != null && !Arrays.equals(publicKey, expectedPublic)) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=public_key_mismatch type=ssh-ed25519");
    }
    final byte[] copy = Arrays.copyOfRange(seed, seedOffset, seedOffset + Ed25519.SECRET_KEY_SIZE);
    return new Ed25519SshKey(
        SecretPool.shared().take(copy, 0, copy.length), publicKey, certificate, comment);
  }

  @Override
  public SshPrivateKey withCertificate(final SshCertificate certificate, final String comment) {
    final byte[] copy = new byte[Ed25519.SECRET_KEY_SIZE];
    readSecret(seed, copy);
    return new Ed25519SshKey(
        SecretPool.shared().take(copy, 0, copy.length), publicKey.clone(), certificate, comment);
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
    final byte[] sk = SEED_SCRATCH.get();
    try {
      readSecret(seed, sk);
      Ed25519.sign(sk, 0, publicKey, 0, data, offset, length, blob, at);
    } finally {
      Arrays.fill(sk, (byte) 0);
    }
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
    final byte[] copy = new byte[Ed25519.SECRET_KEY_SIZE];
    try {
      readSecret(seed, copy);
      out.writeUint32(64).writeBytes(copy, 0, 32).writeBytes(publicKey, 0, 32);
    } finally {
      Arrays.fill(copy, (byte) 0);
    }
  }

  @Override
  LockedBytes secret() {
    return seed;
  }
}
