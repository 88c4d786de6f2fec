package dev.persona.engine.ssh;

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
 */
final class EcdsaSshKey extends SshPrivateKey {
  private volatile ECPrivateKeyParameters privateKey;
  private final byte[] publicPoint;

  private EcdsaSshKey(
      final SshKeyType type,
      final ECPrivateKeyParameters privateKey,
      final byte[] publicPoint,
      final SshCertificate certificate,
      final String comment) {
    super(type, publicBlob(type, publicPoint), certificate, comment);
    this.privateKey = privateKey;
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
    return new EcdsaSshKey(
        type, new ECPrivateKeyParameters(d, domain), point, certificate, comment);
  }

  @Override
  public SshPrivateKey withCertificate(final SshCertificate certificate, final String comment) {
    checkNotDestroyed();
    return new EcdsaSshKey(type(), privateKey, publicPoint.clone(), certificate, comment);
  }

  @Override
  byte[] signUnchecked(final byte[] data, final int offset, final int length, final int flags) {
    final ECPrivateKeyParameters key = privateKey;
    if (key == null) {
      checkNotDestroyed();
    }
    final byte[] hash = SshSignatureVerifier.hash(type(), data, offset, length);
    final ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(SshCurves.digest(type())));
    signer.init(true, key);
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
    out.writeMpint(privateKey.getD());
  }

  @Override
  void wipe() {
    privateKey = null;
  }
}
