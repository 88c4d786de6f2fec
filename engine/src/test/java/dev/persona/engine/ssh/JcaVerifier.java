package dev.persona.engine.ssh;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/**
 * Verifies SSH signatures with the JDK's providers only, independently of the code under test.
 * Shared with the agent's tests through this module's test-jar.
 */
public final class JcaVerifier {
  private JcaVerifier() {}

  /** Verifies a raw SSH signature with the JDK provider only (no BouncyCastle). */
  public static boolean verify(
      final byte[] publicBlob, final String algorithm, final byte[] raw, final byte[] data)
      throws Exception {
    final SshWireReader key = new SshWireReader(publicBlob);
    final SshKeyType type = SshKeyType.fromName(key.readUtf8("type"));
    final PublicKey publicKey;
    final String jca;
    byte[] signature = raw;
    switch (type) {
      case ED25519 -> {
        final byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
        final byte[] pk = key.readString("pk");
        final byte[] spki = Arrays.copyOf(prefix, prefix.length + pk.length);
        System.arraycopy(pk, 0, spki, prefix.length, pk.length);
        publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        jca = "Ed25519";
      }
      case RSA -> {
        final BigInteger e = key.readPositiveMpint("e");
        final BigInteger n = key.readPositiveMpint("n");
        publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        jca =
            switch (algorithm) {
              case "rsa-sha2-256" -> "SHA256withRSA";
              case "rsa-sha2-512" -> "SHA512withRSA";
              default -> "SHA1withRSA";
            };
      }
      default -> {
        key.readUtf8("curve");
        final byte[] q = key.readString("Q");
        final int size = (q.length - 1) / 2;
        final AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp" + (type.fieldBits()) + "r1"));
        final ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        final ECPoint point =
            new ECPoint(
                new BigInteger(1, Arrays.copyOfRange(q, 1, 1 + size)),
                new BigInteger(1, Arrays.copyOfRange(q, 1 + size, q.length)));
        publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
        jca =
            switch (type) {
              case ECDSA_P256 -> "SHA256withECDSA";
              case ECDSA_P384 -> "SHA384withECDSA";
              default -> "SHA512withECDSA";
            };
        final SshWireReader rs = new SshWireReader(raw);
        final ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(rs.readPositiveMpint("r")));
        v.add(new ASN1Integer(rs.readPositiveMpint("s")));
        signature = new DERSequence(v).getEncoded();
      }
    }
    final Signature verifier = Signature.getInstance(jca);
    verifier.initVerify(publicKey);
    verifier.update(data);
    return verifier.verify(signature);
  }
}
