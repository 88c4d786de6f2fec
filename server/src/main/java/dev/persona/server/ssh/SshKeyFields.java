package dev.persona.server.ssh;

/** Field names of an SSH key item in the vault. */
public final class SshKeyFields {
  /** Concealed: the unencrypted openssh-key-v1 PEM (sealed by the engine like every value). */
  public static final String PRIVATE_KEY = "private_key";

  /** The authorized_keys line. */
  public static final String PUBLIC_KEY = "public_key";

  /** {@code SHA256:…}; the engine indexes it for fingerprint search. */
  public static final String FINGERPRINT = "fingerprint";

  public static final String COMMENT = "comment";

  /** Optional OpenSSH certificate line. */
  public static final String CERTIFICATE = "certificate";

  private SshKeyFields() {}
}
