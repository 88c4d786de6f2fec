package dev.persona.engine.ssh;

/**
 * The SSH public-key algorithms Persona can hold, sign with and verify.
 *
 * <p>Immutable; safe on any thread.
 */
public enum SshKeyType {
  ED25519("ssh-ed25519", null, 0),
  ECDSA_P256("ecdsa-sha2-nistp256", "nistp256", 256),
  ECDSA_P384("ecdsa-sha2-nistp384", "nistp384", 384),
  ECDSA_P521("ecdsa-sha2-nistp521", "nistp521", 521),
  RSA("ssh-rsa", null, 0);

  /** Smallest RSA modulus Persona generates; imported keys may be smaller down to 2048 bits. */
  public static final int MIN_RSA_GENERATE_BITS = 3072;

  /** Smallest RSA modulus accepted from files or the agent wire. */
  public static final int MIN_RSA_ACCEPT_BITS = 1024;

  private static final String CERT_SUFFIX = "-cert-v01@openssh.com";

  private final String sshName;
  private final String certificateName;
  private final String curveName;
  private final int fieldBits;

  SshKeyType(final String sshName, final String curveName, final int fieldBits) {
    this.sshName = sshName;
    this.certificateName = sshName + CERT_SUFFIX;
    this.curveName = curveName;
    this.fieldBits = fieldBits;
  }

  /** The key type name in public key blobs, e.g. {@code ssh-ed25519}. */
  public String sshName() {
    return sshName;
  }

  /** The OpenSSH certificate type name, e.g. {@code ssh-ed25519-cert-v01@openssh.com}. */
  public String certificateName() {
    return certificateName;
  }

  /** The SSH curve identifier ({@code nistp256}...) for ECDSA types, else {@code null}. */
  public String curveName() {
    return curveName;
  }

  /** Field size in bits for ECDSA types, else 0. */
  public int fieldBits() {
    return fieldBits;
  }

  public boolean isEcdsa() {
    return curveName != null;
  }

  /** The type whose plain or certificate name is {@code name}, or {@code null} if unknown. */
  public static SshKeyType fromName(final String name) {
    for (final SshKeyType type : values()) {
      if (type.sshName.equals(name) || type.certificateName.equals(name)) {
        return type;
      }
    }
    return null;
  }

  /** True when {@code name} is an OpenSSH certificate type name. */
  public static boolean isCertificateName(final String name) {
    return name.endsWith(CERT_SUFFIX);
  }

  /** The ECDSA type for an SSH curve identifier, or {@code null}. */
  public static SshKeyType fromCurveName(final String curveName) {
    for (final SshKeyType type : values()) {
      if (curveName.equals(type.curveName)) {
        return type;
      }
    }
    return null;
  }
}
