package dev.persona.engine.ssh;

import dev.persona.engine.crypto.LockedBytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An SSH private key decoded once into a signer, with its public blob, optional OpenSSH certificate
 * and comment.
 *
 * <p>The private material lives only in one {@link LockedBytes} per key (off-heap, locked in RAM,
 * out of core dumps), never in a long-lived heap object: each signature copies what it needs into
 * scratch that is zeroed when the signature is made. {@link #destroy()} zeroes it; a signature that
 * overlaps the wipe fails instead of using half-zeroed material. (What BouncyCastle derives inside
 * one signature — the expanded Ed25519 key, the ECDSA and RSA {@link java.math.BigInteger}s — is
 * heap garbage from that moment on, unreachable but not zeroed: see the engine README.)
 *
 * <p>Thread-safe: {@link #sign} may be called from every core at once.
 */
public abstract sealed class SshPrivateKey implements AutoCloseable
    permits Ed25519SshKey, EcdsaSshKey, RsaSshKey {
  /** Sign flag asking for {@code rsa-sha2-256} (draft-miller-ssh-agent SSH_AGENT_RSA_SHA2_256). */
  public static final int FLAG_RSA_SHA2_256 = 2;

  /** Sign flag asking for {@code rsa-sha2-512} (SSH_AGENT_RSA_SHA2_512). */
  public static final int FLAG_RSA_SHA2_512 = 4;

  private static final byte[] AUTH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SshKeyType type;
  private final byte[] publicKeyBlob;
  private final SshCertificate certificate;
  private final String comment;
  private volatile boolean destroyed;

  SshPrivateKey(
      final SshKeyType type,
      final byte[] publicKeyBlob,
      final SshCertificate certificate,
      final String comment) {
    this.type = type;
    this.publicKeyBlob = publicKeyBlob;
    this.certificate = certificate;
    this.comment = comment == null ? "" : comment;
    if (certificate != null && !MessageDigest.isEqual(certificate.publicKeyBlob(), publicKeyBlob)) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=certificate_does_not_match_key");
    }
  }

  public SshKeyType type() {
    return type;
  }

  public String comment() {
    return comment;
  }

  /** The plain public key blob (never the certificate). */
  public byte[] publicKeyBlob() {
    return publicKeyBlob.clone();
  }

  /** The blob this key is offered as: the certificate when there is one, else the public key. */
  public byte[] identityBlob() {
    return certificate != null ? certificate.blob() : publicKeyBlob.clone();
  }

  /** The certificate, or {@code null}. */
  public SshCertificate certificate() {
    return certificate;
  }

  /** True when {@code blob[offset, offset+length)} is this key's public blob or certificate. */
  public boolean matchesBlob(final byte[] blob, final int offset, final int length) {
    if (rangeEquals(publicKeyBlob, blob, offset, length)) {
      return true;
    }
    return certificate != null && rangeEquals(certificate.blob(), blob, offset, length);
  }

  private static boolean rangeEquals(
      final byte[] a, final byte[] b, final int offset, final int length) {
    return a.length == length && Arrays.equals(a, 0, length, b, offset, offset + length);
  }

  /** The SHA256 fingerprint of the public key, as {@code ssh-keygen -l} prints it. */
  public String fingerprint() {
    return SshPublicKeys.fingerprintSha256(publicKeyBlob);
  }

  /** The same key material with a different comment and certificate (null for none). */
  public abstract SshPrivateKey withCertificate(SshCertificate certificate, String comment);

  /**
   * The signature algorithm a sign request with {@code flags} produces: the key type for Ed25519
   * and ECDSA; for RSA {@code rsa-sha2-512} (flag 4), {@code rsa-sha2-256} (flag 2) or {@code
   * ssh-rsa}.
   */
  public String signatureAlgorithm(final int flags) {
    return type.sshName();
  }

  /** True when signing with {@code flags} would use SHA-1 (RSA without a SHA-2 flag). */
  public boolean usesSha1(final int flags) {
    return false;
  }

  /**
   * Signs {@code data[offset, offset+length)} and returns the SSH signature blob {@code string
   * algorithm ‖ string signature}. Callers enforce policy (e.g. refusing SHA-1) before calling.
   */
  public final byte[] sign(final byte[] data, final int offset, final int length, final int flags) {
    checkNotDestroyed();
    final byte[] blob = signUnchecked(data, offset, length, flags);
    if (destroyed) {
      Arrays.fill(blob, (byte) 0);
      checkNotDestroyed();
    }
    return blob;
  }

  abstract byte[] signUnchecked(byte[] data, int offset, int length, int flags);

  /** Writes the private fields that follow the key type name in the agent and file encodings. */
  abstract void writePrivateFields(SshWireWriter out);

  /** Writes the certificate-form private fields (after the certificate blob). */
  abstract void writeCertificatePrivateFields(SshWireWriter out);

  /**
   * The key as SSH_AGENTC_ADD_IDENTITY carries it: {@code string type ‖ private fields} (without
   * the comment). The caller owns and should zero the returned array.
   */
  public byte[] encodeAgentKey() {
    checkNotDestroyed();
    final SshWireWriter out = new SshWireWriter(1024);
    try {
      writeAgentKey(out);
      return out.toByteArray();
    } finally {
      out.wipe();
    }
  }

  /** Writes {@link #encodeAgentKey()} into {@code out}. */
  public void writeAgentKey(final SshWireWriter out) {
    checkNotDestroyed();
    if (certificate != null) {
      out.writeUtf8(type.certificateName());
      out.writeString(certificate.blob());
      writeCertificatePrivateFields(out);
    } else {
      out.writeUtf8(type.sshName());
      writePrivateFields(out);
    }
  }

  /**
   * Encodes the key as an unencrypted {@code openssh-key-v1} PEM file ({@code -----BEGIN OPENSSH
   * PRIVATE KEY-----}), readable by {@code ssh-keygen} and by {@link SshPrivateKeyParser}; meant
   * for sealed storage in the vault. The caller owns and should zero the returned array.
   */
  public byte[] encodeOpenSshPrivateKey() {
    checkNotDestroyed();
    final SshWireWriter inner = new SshWireWriter(1024);
    final SshWireWriter outer = new SshWireWriter(2048);
    try {
      final int check = RANDOM.nextInt();
      inner.writeUint32(check & 0xFFFFFFFFL).writeUint32(check & 0xFFFFFFFFL);
      writeAgentKey(inner);
      inner.writeUtf8(comment);
      for (int pad = 1; inner.length() % 8 != 0; pad++) {
        inner.writeUint8(pad);
      }
      outer.writeBytes(AUTH_MAGIC, 0, AUTH_MAGIC.length);
      outer.writeUtf8("none").writeUtf8("none").writeUint32(0).writeUint32(1);
      outer.writeString(identityBlob());
      outer.writeString(inner.array(), 0, inner.length());
      final byte[] body = Base64.getMimeEncoder(70, new byte[] {'\n'}).encode(outer.toByteArray());
      final byte[] begin =
          "-----BEGIN OPENSSH PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
      final byte[] end =
          "\n-----END OPENSSH PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
      final byte[] file = new byte[begin.length + body.length + end.length];
      System.arraycopy(begin, 0, file, 0, begin.length);
      System.arraycopy(body, 0, file, begin.length, body.length);
      System.arraycopy(end, 0, file, begin.length + body.length, end.length);
      Arrays.fill(body, (byte) 0);
      return file;
    } finally {
      inner.wipe();
      outer.wipe();
    }
  }

  final void checkNotDestroyed() {
    if (destroyed) {
      throw destroyedError();
    }
  }

  final SshKeyException destroyedError() {
    return new SshKeyException(SshKeyException.Kind.DESTROYED, "type=" + type.sshName());
  }

  /**
   * Copies the whole of {@code secret} into {@code dst}, or throws DESTROYED (with {@code dst}
   * zeroed) when the key was destroyed before or during the copy.
   */
  final void readSecret(final LockedBytes secret, final byte[] dst) {
    if (!secret.copyTo(dst, 0)) {
      throw destroyedError();
    }
  }

  public final boolean isDestroyed() {
    return destroyed;
  }

  /** Zeroes private material; later {@link #sign} calls throw. Idempotent. */
  public final void destroy() {
    destroyed = true;
    secret().wipe();
  }

  /**
   * Writes {@code value}'s unsigned big-endian magnitude right-aligned into {@code dst[offset,
   * offset+width)}, zeroing the intermediate array {@link BigInteger#toByteArray} makes.
   */
  static void putUnsigned(
      final BigInteger value, final byte[] dst, final int offset, final int width) {
    final byte[] bytes = value.toByteArray();
    try {
      final int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
      final int count = bytes.length - skip;
      if (count > width) {
        throw new SshKeyException(SshKeyException.Kind.MALFORMED, "reason=component_too_long");
      }
      System.arraycopy(bytes, skip, dst, offset + width - count, count);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The one holder of this key's private material. */
  abstract LockedBytes secret();

  /**
   * Whether the locked memory that held this key's private material reads back as all zeros: true
   * once {@link #destroy()} has run (until the memory holds another key). Tests use it to prove
   * that a lock or a delete leaves nothing behind.
   */
  public final boolean secretReadsAsZero() {
    return secret().readsAsZero();
  }

  @Override
  public final void close() {
    destroy();
  }

  @Override
  public String toString() {
    // Never the key material: type and fingerprint only.
    return "SshPrivateKey{type=" + type.sshName() + ", fingerprint=" + fingerprint() + "}";
  }
}
