package dev.persona.engine.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Formats and parses SSH public keys: fingerprints, {@code authorized_keys} lines, key type names.
 *
 * <p>Stateless; safe on any thread.
 */
public final class SshPublicKeys {
  private SshPublicKeys() {}

  /**
   * The fingerprint exactly as {@code ssh-keygen -l} prints it: {@code SHA256:} + unpadded base64.
   */
  public static String fingerprintSha256(final byte[] keyBlob) {
    return fingerprintSha256(keyBlob, 0, keyBlob.length);
  }

  public static String fingerprintSha256(final byte[] keyBlob, final int offset, final int length) {
    try {
      final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(keyBlob, offset, length);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256.digest());
    } catch (final NoSuchAlgorithmException e) {
      throw new SshKeyException(SshKeyException.Kind.CRYPTO, "algorithm=SHA-256", e);
    }
  }

  /** The key type name a blob starts with, e.g. {@code ssh-ed25519} or a certificate type. */
  public static String typeName(final byte[] keyBlob) {
    return new SshWireReader(keyBlob).readUtf8("key.type");
  }

  /** One {@code authorized_keys} / {@code .pub} line: {@code type base64 [comment]}, no newline. */
  public static String authorizedKeysLine(final byte[] keyBlob, final String comment) {
    final String line = typeName(keyBlob) + " " + Base64.getEncoder().encodeToString(keyBlob);
    return comment == null || comment.isEmpty() ? line : line + " " + comment;
  }

  /**
   * Parses the key blob out of a {@code .pub} or {@code authorized_keys} line without options
   * ({@code type base64 [comment]}); the type must match the blob.
   */
  public static byte[] parseAuthorizedKeysLine(final String line) {
    final String[] parts = line.trim().split("\\s+", 3);
    if (parts.length < 2) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=missing_fields format=authorized_keys");
    }
    final byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1].getBytes(StandardCharsets.US_ASCII));
    } catch (final IllegalArgumentException e) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=bad_base64 format=authorized_keys");
    }
    if (!parts[0].equals(typeName(blob))) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=type_mismatch format=authorized_keys");
    }
    return blob;
  }
}
