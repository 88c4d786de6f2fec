package dev.persona.engine.ssh;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies SSH signature blobs ({@code string algorithm ‖ string signature}) against SSH public key
 * blobs, e.g. the host key signature of {@code session-bind@openssh.com}.
 *
 * <p>Stateless; safe on any thread.
 */
public final class SshSignatureVerifier {
  private SshSignatureVerifier() {}

  /**
   * Returns true when {@code signatureBlob} is a valid signature by {@code keyBlob} (a plain key or
   * a certificate, whose certified key is used) over {@code data[offset, offset+length)}. Malformed
   * blobs and unsupported algorithms verify as false.
   *
   * @param allowSha1 whether an {@code ssh-rsa} (RSA/SHA-1) signature is acceptable
   */
  public static boolean verify(
      final byte[] keyBlob,
      final byte[] data,
      final int offset,
      final int length,
      final byte[] signatureBlob,
      final boolean allowSha1) {
    try {
      return verifyOrThrow(keyBlob, data, offset, length, signatureBlob, allowSha1);
    } catch (final SshKeyException | IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean verifyOrThrow(
      final byte[] keyBlob,
      final byte[] data,
      final int offset,
      final int length,
      final byte[] signatureBlob,
      final boolean allowSha1)
      throws GeneralSecurityException {
    byte[] plainBlob = keyBlob;
    final SshWireReader typeReader = new SshWireReader(keyBlob);
    final String typeName = typeReader.readUtf8("key.type");
    if (SshKeyType.isCertificateName(typeName)) {
      plainBlob = SshCertificate.parse(keyBlob).publicKeyBlob();
    }
    final SshWireReader key = new SshWireReader(plainBlob);
    final SshKeyType type = SshKeyType.fromName(key.readUtf8("key.type"));
    if (type == null) {
      return false;
    }
    final SshWireReader sig = new SshWireReader(signatureBlob);
    final String algorithm = sig.readUtf8("sig.algorithm");
    final byte[] signature = sig.readString("sig.blob");
    if (sig.hasRemaining()) {
      return false;
    }
    switch (type) {
      case ED25519 -> {
        final byte[] pk = key.readFixedString("key.pk", 32);
        return !key.hasRemaining()
            && "ssh-ed25519".equals(algorithm)
            && signature.length == 64
            && Ed25519.verify(signature, 0, pk, 0, data, offset, length);
      }
      case RSA -> {
        final BigInteger e = key.readPositiveMpint("key.e");
        final BigInteger n = key.readPositiveMpint("key.n");
        final String jcaName = RsaSshKey.jcaAlgorithm(algorithm, allowSha1);
        if (key.hasRemaining() || jcaName == null) {
          return false;
        }
        final PublicKey publicKey =
            KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        final Signature verifier = Signature.getInstance(jcaName);
        verifier.initVerify(publicKey);
        verifier.update(data, offset, length);
        return verifier.verify(signature);
      }
      default -> {
        final String curve = key.readUtf8("key.curve");
        final byte[] q = key.readString("key.Q");
        if (key.hasRemaining()
            || !curve.equals(type.curveName())
            || !type.sshName().equals(algorithm)) {
          return false;
        }
        final SshWireReader rs = new SshWireReader(signature);
        final BigInteger r = rs.readPositiveMpint("sig.r");
        final BigInteger s = rs.readPositiveMpint("sig.s");
        if (rs.hasRemaining()) {
          return false;
        }
        final ECDomainParameters domain = SshCurves.domain(type);
        final ECPoint point = domain.getCurve().decodePoint(q);
        final ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(point, domain));
        return verifier.verifySignature(hash(type, data, offset, length), r, s);
      }
    }
  }

  static byte[] hash(final SshKeyType type, final byte[] data, final int offset, final int length) {
    final Digest digest = SshCurves.digest(type);
    digest.update(data, offset, length);
    final byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }
}
