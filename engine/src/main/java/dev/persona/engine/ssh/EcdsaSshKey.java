package dev.persona.engine.ssh;

import dev.persona.engine.crypto.LockedBytes;
import dev.persona.engine.crypto.SecretPool;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * ECDSA over NIST P-256/384/521 with BouncyCastle and deterministic nonces (RFC 6979), so signing
 * needs no shared {@code SecureRandom}. A fresh {@link ECDSASigner} per call keeps it thread-safe.
 *
 * <p>The private scalar lives only in a {@link LockedBytes} (big-endian, the order's length). BC's
 * signer wants a {@link BigInteger}, which Java cannot zero, so each signature builds one from a
 * scratch copy (zeroed at once) and drops it with the signer when the signature is made: no scalar
 * object outlives one signature.
 */
final class EcdsaSshKey extends SshPrivateKey {
  private final LockedBytes scalar;
  private final byte[] publicPoint;

  private EcdsaSshKey(
      final SshKeyType type,
      final LockedBytes scalar,
      final byte[] publicPoint,
      final SshCertificate certificate,
      final String comment) {
    super(type, publicBlob(type, publicPoint), certificate, comment);
    this.scalar = scalar;
    this.publicPoint = publicPoint;
  }

  static byte[] publicBlob(final SshKeyType type, final byte[] publicPoint) {
    return new SshWireWriter(160)
        .writeUtf8(type.sshName())
        .writeUtf8(type.curveName())
        .writeString(publicPoint)
        .toByteArray();
  }

  /** Builds a key from its scalar, deriving Q and checking {@code expectedPoint} when given. */
  static EcdsaSshKey fromScalar(
      final SshKeyType type,
      final BigInteger d,
      final byte[] expectedPoint,
      final SshCertificate certificate,
      final String comment) {
    final ECDomainParameters domain = SshCurves.domain(type);
    if (d.signum() <= 0 || d.compareTo(domain.getN()) >= 0) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=scalar_out_of_range type=" + type.sshName());
    }
    final ECPoint q = new FixedPointCombMultiplier().multiply(domain.getG(), d).normalize();
    final byte[] point = q.getEncoded(false);
    if (expectedPoint != null && !Arrays.equals(point, expectedPoint)) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=public_key_mismatch type=" + type.sshName());
    }
    final byte[] bytes = new byte[scalarLength(domain)];
    try {
      putUnsigned(d, bytes, 0, bytes.length);
      return new EcdsaSshKey(
          type, SecretPool.shared().take(bytes, 0, bytes.length), point, certificate, comment);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static int scalarLength(final ECDomainParameters domain) {
    return (domain.getN().bitLength() + 7) / 8;
  }

  @Override
  public SshPrivateKey withCertificate(final SshCertificate certificate, final String comment) {
    final byte[] copy = new byte[scalar.length()];
    readSecret(scalar, copy);
    return new EcdsaSshKey(
        type(),
        SecretPool.shared().take(copy, 0, copy.length),
        publicPoint.clone(),
        certificate,
        comment);
  }

  @Override
  byte[] signUnchecked(final byte[] data, final int offset, final int length, final int flags) {
    final byte[] hash = SshSignatureVerifier.hash(type(), data, offset, length);
    final ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(SshCurves.digest(type())));
    final byte[] d = new byte[scalar.length()];
    try {
      readSecret(scalar, d);
      signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, d), SshCurves.domain(type())));
    } finally {
      Arrays.fill(d, (byte) 0);
    }
    final BigInteger[] rs = signer.generateSignature(hash);
    final SshWireWriter inner = new SshWireWriter(144).writeMpint(rs[0]).writeMpint(rs[1]);
    return new SshWireWriter(inner.length() + 32)
        .writeUtf8(type().sshName())
        .writeString(inner.array(), 0, inner.length())
        .toByteArray();
  }

  @Override
  void writePrivateFields(final SshWireWriter out) {
    out.writeUtf8(type().curveName()).writeString(publicPoint);
    writeCertificatePrivateFields(out);
  }

  @Override
  void writeCertificatePrivateFields(final SshWireWriter out) {
    final byte[] d = new byte[scalar.length()];
    try {
      readSecret(scalar, d);
      out.writeUnsignedMpint(d, 0, d.length);
    } finally {
      Arrays.fill(d, (byte) 0);
    }
  }

  @Override
  LockedBytes secret() {
    return scalar;
  }
}
