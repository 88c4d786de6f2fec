package dev.persona.engine.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Seals audit payloads to the workspace's audit public key so that events can be appended while the
 * vault is locked, yet read only after unlock.
 *
 * <p>One ephemeral X25519 key pair per sealer (per engine open); the shared secret is hashed into
 * an AES key. Each stored event carries the 32-byte ephemeral public key. Thread-safe after
 * construction.
 */
public final class AuditSealer implements AutoCloseable {
  public static final int PUBLIC_KEY_LENGTH = X25519.POINT_SIZE;
  private final byte[] ephemeralPublic = new byte[PUBLIC_KEY_LENGTH];
  private final byte[] eventKey;

  public AuditSealer(final byte[] auditPublicKey) {
    final byte[] ephemeralPrivate = new byte[X25519.SCALAR_SIZE];
    X25519.generatePrivateKey(new SecureRandom(), ephemeralPrivate);
    X25519.generatePublicKey(ephemeralPrivate, 0, ephemeralPublic, 0);
    eventKey = agree(ephemeralPrivate, auditPublicKey, ephemeralPublic);
    Arrays.fill(ephemeralPrivate, (byte) 0);
  }

  /** Generates a key pair: {@code [0]} private, {@code [1]} public. */
  public static byte[][] generateKeyPair() {
    final byte[] priv = new byte[X25519.SCALAR_SIZE];
    final byte[] pub = new byte[X25519.POINT_SIZE];
    X25519.generatePrivateKey(new SecureRandom(), priv);
    X25519.generatePublicKey(priv, 0, pub, 0);
    return new byte[][] {priv, pub};
  }

  public byte[] ephemeralPublic() {
    return ephemeralPublic.clone();
  }

  public byte[] eventKey() {
    return eventKey;
  }

  /** The reader's side: recomputes the event key from the private key and a stored public key. */
  public static byte[] eventKey(final byte[] auditPrivateKey, final byte[] ephemeralPublic) {
    return agree(auditPrivateKey, ephemeralPublic, ephemeralPublic);
  }

  private static byte[] agree(final byte[] priv, final byte[] peerPublic, final byte[] salt) {
    final byte[] shared = new byte[X25519.POINT_SIZE];
    if (!X25519.calculateAgreement(priv, 0, peerPublic, 0, shared, 0)) {
      throw new IllegalStateException("X25519 agreement produced the all-zero point");
    }
    final KeyDerivation kd = new KeyDerivation().begin(shared);
    kd.update(salt, 0, salt.length);
    final byte[] out = new byte[KeyDerivation.MAC_LENGTH];
    kd.finish(out, 0);
    Arrays.fill(shared, (byte) 0);
    return out;
  }

  @Override
  public void close() {
    Arrays.fill(eventKey, (byte) 0);
  }
}
