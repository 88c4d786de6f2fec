package dev.persona.engine.ssh;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.RSAPrivateCrtKeySpec;

/**
 * RSA with the JDK provider (faster than BouncyCastle's here). One {@link Signature} per call: its
 * cost is noise next to an RSA private-key operation, and it keeps signing thread-safe.
 */
final class RsaSshKey extends SshPrivateKey {
  private final BigInteger n;
  private final BigInteger e;
  private volatile BigInteger d;
  private volatile BigInteger p;
  private volatile BigInteger q;
  private volatile BigInteger iqmp;
  private volatile PrivateKey jdkKey;

  private RsaSshKey(
      final BigInteger n,
      final BigInteger e,
      final BigInteger d,
      final BigInteger p,
      final BigInteger q,
      final BigInteger iqmp,
      final SshCertificate certificate,
      final String comment) {
    super(SshKeyType.RSA, publicBlob(e, n), certificate, comment);
    this.n = n;
    this.e = e;
    this.d = d;
    this.p = p;
    this.q = q;
    this.iqmp = iqmp;
    try {
      final BigInteger one = BigInteger.ONE;
      this.jdkKey =
          KeyFactory.getInstance("RSA")
              .generatePrivate(
                  new RSAPrivateCrtKeySpec(
                      n, e, d, p, q, d.mod(p.subtract(one)), d.mod(q.subtract(one)), iqmp));
    } catch (final GeneralSecurityException ex) {
      throw new SshKeyException(SshKeyException.Kind.CRYPTO, "reason=jdk_rsa_key", ex);
    }
  }

  static byte[] publicBlob(final BigInteger e, final BigInteger n) {
    return new SshWireWriter(600).writeUtf8("ssh-rsa").writeMpint(e).writeMpint(n).toByteArray();
  }

  /** Builds a key from its components, checking n = p·q and the modulus size. */
  static RsaSshKey fromComponents(
      final BigInteger n,
      final BigInteger e,
      final BigInteger d,
      final BigInteger p,
      final BigInteger q,
      final BigInteger iqmp,
      final SshCertificate certificate,
      final String comment) {
    if (p.compareTo(BigInteger.ONE) <= 0
        || q.compareTo(BigInteger.ONE) <= 0
        || d.signum() <= 0
        || !p.multiply(q).equals(n)) {
      throw new SshKeyException(SshKeyException.Kind.MALFORMED, "reason=n_not_pq type=ssh-rsa");
    }
    if (n.bitLength() < SshKeyType.MIN_RSA_ACCEPT_BITS) {
      throw new SshKeyException(
          SshKeyException.Kind.UNSUPPORTED, "reason=rsa_too_small bits=" + n.bitLength());
    }
    return new RsaSshKey(n, e, d, p, q, iqmp, certificate, comment);
  }

  /** Modulus size in bits. */
  int bits() {
    return n.bitLength();
  }

  @Override
  public SshPrivateKey withCertificate(final SshCertificate certificate, final String comment) {
    checkNotDestroyed();
    return new RsaSshKey(n, e, d, p, q, iqmp, certificate, comment);
  }

  @Override
  public String signatureAlgorithm(final int flags) {
    if ((flags & FLAG_RSA_SHA2_512) != 0) {
      return "rsa-sha2-512";
    }
    if ((flags & FLAG_RSA_SHA2_256) != 0) {
      return "rsa-sha2-256";
    }
    return "ssh-rsa";
  }

  @Override
  public boolean usesSha1(final int flags) {
    return (flags & (FLAG_RSA_SHA2_256 | FLAG_RSA_SHA2_512)) == 0;
  }

  /** JCA name for an SSH RSA signature algorithm, or null when unknown or SHA-1 is not allowed. */
  static String jcaAlgorithm(final String sshAlgorithm, final boolean allowSha1) {
    return switch (sshAlgorithm) {
      case "rsa-sha2-256" -> "SHA256withRSA";
      case "rsa-sha2-512" -> "SHA512withRSA";
      case "ssh-rsa" -> allowSha1 ? "SHA1withRSA" : null;
      default -> null;
    };
  }

  @Override
  byte[] signUnchecked(final byte[] data, final int offset, final int length, final int flags) {
    final PrivateKey key = jdkKey;
    if (key == null) {
      checkNotDestroyed();
    }
    final String algorithm = signatureAlgorithm(flags);
    try {
      final Signature signer = Signature.getInstance(jcaAlgorithm(algorithm, true));
      signer.initSign(key);
      signer.update(data, offset, length);
      final byte[] signature = signer.sign();
      return new SshWireWriter(signature.length + 32)
          .writeUtf8(algorithm)
          .writeString(signature)
          .toByteArray();
    } catch (final GeneralSecurityException ex) {
      throw new SshKeyException(SshKeyException.Kind.CRYPTO, "algorithm=" + algorithm, ex);
    }
  }

  @Override
  void writePrivateFields(final SshWireWriter out) {
    out.writeMpint(n).writeMpint(e);
    writeCertificatePrivateFields(out);
  }

  @Override
  void writeCertificatePrivateFields(final SshWireWriter out) {
    out.writeMpint(d).writeMpint(iqmp).writeMpint(p).writeMpint(q);
  }

  @Override
  void wipe() {
    d = null;
    p = null;
    q = null;
    iqmp = null;
    jdkKey = null;
  }
}
