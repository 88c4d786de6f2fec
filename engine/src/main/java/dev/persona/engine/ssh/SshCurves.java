package dev.persona.engine.ssh;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** BouncyCastle domain parameters and digests for the three NIST curves SSH uses. */
final class SshCurves {
  private static final ECDomainParameters P256 = domain("secp256r1");
  private static final ECDomainParameters P384 = domain("secp384r1");
  private static final ECDomainParameters P521 = domain("secp521r1");

  private SshCurves() {}

  private static ECDomainParameters domain(final String name) {
    // The custom curves use specialised field arithmetic: several times faster than the generic
    // ones.
    final X9ECParameters params = CustomNamedCurves.getByName(name);
    return new ECDomainParameters(params.getCurve(), params.getG(), params.getN(), params.getH());
  }

  static ECDomainParameters domain(final SshKeyType type) {
    return switch (type) {
      case ECDSA_P256 -> P256;
      case ECDSA_P384 -> P384;
      case ECDSA_P521 -> P521;
      default -> throw new IllegalArgumentException("type=" + type);
    };
  }

  /** RFC 5656 §6.2.1: the hash follows the curve size. */
  static Digest digest(final SshKeyType type) {
    return switch (type) {
      case ECDSA_P256 -> new SHA256Digest();
      case ECDSA_P384 -> new SHA384Digest();
      case ECDSA_P521 -> new SHA512Digest();
      default -> throw new IllegalArgumentException("type=" + type);
    };
  }

  static SshKeyType typeForFieldBits(final int bits) {
    return switch (bits) {
      case 256 -> SshKeyType.ECDSA_P256;
      case 384 -> SshKeyType.ECDSA_P384;
      case 521 -> SshKeyType.ECDSA_P521;
      default -> null;
    };
  }
}
