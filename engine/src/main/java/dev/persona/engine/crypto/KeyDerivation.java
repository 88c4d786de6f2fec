package dev.persona.engine.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HMAC-SHA256 for sub-key derivation, blind index terms and content addressing.
 *
 * <p>Not thread-safe: one instance per thread (the hot path keeps one in its thread state). Uses
 * BouncyCastle's {@link HMac} because, unlike the JDK's, it finishes into a caller's array without
 * allocating.
 */
public final class KeyDerivation {
  public static final int MAC_LENGTH = 32;
  private final HMac hmac = new HMac(new SHA256Digest());
  private final byte[] keyScratch = new byte[LockedKey.LENGTH];

  /** Starts a MAC under {@code key}. */
  public KeyDerivation begin(final byte[] key) {
    hmac.init(new KeyParameter(key));
    return this;
  }

  /**
   * Starts a MAC under a locked key. BouncyCastle keeps only its padded key state; the two staging
   * copies (ours and the {@link KeyParameter}'s) are wiped before this returns.
   */
  public KeyDerivation begin(final LockedKey key) {
    key.copyTo(keyScratch, 0);
    final KeyParameter parameter = new KeyParameter(keyScratch);
    Arrays.fill(keyScratch, (byte) 0);
    try {
      hmac.init(parameter);
    } finally {
      Arrays.fill(parameter.getKey(), (byte) 0);
    }
    return this;
  }

  public KeyDerivation update(final byte b) {
    hmac.update(b);
    return this;
  }

  public KeyDerivation update(final byte[] src, final int offset, final int length) {
    hmac.update(src, offset, length);
    return this;
  }

  /** Finishes into {@code dst} at {@code offset}; the MAC stays keyed for the next message. */
  public void finish(final byte[] dst, final int offset) {
    hmac.doFinal(dst, offset);
  }

  /** Derives a 32-byte sub-key {@code HMAC(key, label)}. */
  public static byte[] subKey(final byte[] key, final String label) {
    return derive(new KeyDerivation().begin(key), label);
  }

  /** Derives a 32-byte sub-key {@code HMAC(key, label)} from a locked key. */
  public static byte[] subKey(final LockedKey key, final String label) {
    return derive(new KeyDerivation().begin(key), label);
  }

  private static byte[] derive(final KeyDerivation kd, final String label) {
    final byte[] l = label.getBytes(StandardCharsets.UTF_8);
    kd.update(l, 0, l.length);
    final byte[] out = new byte[MAC_LENGTH];
    kd.finish(out, 0);
    return out;
  }
}
