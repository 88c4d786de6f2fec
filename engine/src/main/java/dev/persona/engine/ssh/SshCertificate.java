package dev.persona.engine.ssh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A parsed OpenSSH certificate ({@code *-cert-v01@openssh.com}, PROTOCOL.certkeys).
 *
 * <p>Immutable; safe on any thread. Parsing checks structure only; {@link #verifySignature()}
 * checks the CA's signature.
 */
public final class SshCertificate {
  /** Certificate type for user certificates. */
  public static final int SSH_CERT_TYPE_USER = 1;

  /** Certificate type for host certificates. */
  public static final int SSH_CERT_TYPE_HOST = 2;

  private final byte[] blob;
  private final SshKeyType keyType;
  private final byte[] publicKeyBlob;
  private final long serial;
  private final int certType;
  private final String keyId;
  private final List<String> principals;
  private final long validAfter;
  private final long validBefore;
  private final byte[] signatureKeyBlob;
  private final int signedLength;
  private final byte[] signature;

  private SshCertificate(
      final byte[] blob,
      final SshKeyType keyType,
      final byte[] publicKeyBlob,
      final long serial,
      final int certType,
      final String keyId,
      final List<String> principals,
      final long validAfter,
      final long validBefore,
      final byte[] signatureKeyBlob,
      final int signedLength,
      final byte[] signature) {
    this.blob = blob;
    this.keyType = keyType;
    this.publicKeyBlob = publicKeyBlob;
    this.serial = serial;
    this.certType = certType;
    this.keyId = keyId;
    this.principals = principals;
    this.validAfter = validAfter;
    this.validBefore = validBefore;
    this.signatureKeyBlob = signatureKeyBlob;
    this.signedLength = signedLength;
    this.signature = signature;
  }

  /** Parses a certificate blob; the array is copied. */
  public static SshCertificate parse(final byte[] certificateBlob) {
    final byte[] blob = certificateBlob.clone();
    final SshWireReader reader = new SshWireReader(blob);
    final String typeName = reader.readUtf8("cert.type");
    final SshKeyType keyType = SshKeyType.fromName(typeName);
    if (keyType == null || !SshKeyType.isCertificateName(typeName)) {
      throw new SshKeyException(
          SshKeyException.Kind.UNSUPPORTED, "reason=unknown_certificate_type field=cert.type");
    }
    reader.skipString("cert.nonce");
    final SshWireWriter plain = new SshWireWriter();
    plain.writeUtf8(keyType.sshName());
    switch (keyType) {
      case ED25519 -> plain.writeString(reader.readFixedString("cert.pk", 32));
      case RSA -> {
        final var e = reader.readPositiveMpint("cert.e");
        final var n = reader.readPositiveMpint("cert.n");
        plain.writeMpint(e).writeMpint(n);
      }
      default -> {
        final String curve = reader.readUtf8("cert.curve");
        if (!curve.equals(keyType.curveName())) {
          throw new SshKeyException(
              SshKeyException.Kind.MALFORMED, "reason=curve_mismatch field=cert.curve");
        }
        plain.writeUtf8(curve).writeString(reader.readString("cert.Q"));
      }
    }
    final long serial = reader.readUint64("cert.serial");
    final int certType = reader.readUint32("cert.type");
    final String keyId = reader.readUtf8("cert.key_id");
    final byte[] principalsBlob = reader.readString("cert.principals");
    final List<String> principals = new ArrayList<>();
    final SshWireReader principalReader = new SshWireReader(principalsBlob);
    while (principalReader.hasRemaining()) {
      principals.add(principalReader.readUtf8("cert.principal"));
    }
    final long validAfter = reader.readUint64("cert.valid_after");
    final long validBefore = reader.readUint64("cert.valid_before");
    reader.skipString("cert.critical_options");
    reader.skipString("cert.extensions");
    reader.skipString("cert.reserved");
    final byte[] signatureKey = reader.readString("cert.signature_key");
    final int signedLength = reader.position();
    final byte[] signature = reader.readString("cert.signature");
    if (reader.hasRemaining()) {
      throw new SshKeyException(SshKeyException.Kind.MALFORMED, "reason=trailing_bytes field=cert");
    }
    return new SshCertificate(
        blob,
        keyType,
        plain.toByteArray(),
        serial,
        certType,
        keyId,
        Collections.unmodifiableList(principals),
        validAfter,
        validBefore,
        signatureKey,
        signedLength,
        signature);
  }

  public byte[] blob() {
    return blob.clone();
  }

  public SshKeyType keyType() {
    return keyType;
  }

  /** The certified key as a plain public key blob. */
  public byte[] publicKeyBlob() {
    return publicKeyBlob.clone();
  }

  public long serial() {
    return serial;
  }

  public int certType() {
    return certType;
  }

  public String keyId() {
    return keyId;
  }

  public List<String> principals() {
    return principals;
  }

  public long validAfter() {
    return validAfter;
  }

  public long validBefore() {
    return validBefore;
  }

  /** The CA key's public blob. */
  public byte[] signatureKeyBlob() {
    return signatureKeyBlob.clone();
  }

  /** True when {@code epochSeconds} lies in [valid after, valid before) as OpenSSH checks it. */
  public boolean isValidAt(final long epochSeconds) {
    return Long.compareUnsigned(epochSeconds, validAfter) >= 0
        && Long.compareUnsigned(epochSeconds, validBefore) < 0;
  }

  /** Checks the CA signature over the certificate body (SHA-1 RSA CA signatures are refused). */
  public boolean verifySignature() {
    return SshSignatureVerifier.verify(signatureKeyBlob, blob, 0, signedLength, signature, false);
  }
}
