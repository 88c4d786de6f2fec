package dev.persona.engine.crypto;

import static dev.persona.engine.crypto.RecordDescriptor.KEY_LENGTH;
import static dev.persona.engine.crypto.RecordDescriptor.NONCE_LENGTH;
import static dev.persona.engine.crypto.RecordDescriptor.PAD_BLOCK;
import static dev.persona.engine.crypto.RecordDescriptor.TAG_LENGTH;

import java.lang.ref.WeakReference;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens {@link RecordDescriptor} boxes with the JDK's AES-256-GCM (AES-NI).
 *
 * <p>Thread-safe: each thread keeps its own {@link Cipher}. Failures to authenticate are returned
 * as {@code -1}, never thrown, so that callers can name the record that failed.
 */
public final class Aead {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<WeakReference<Cipher>> ALL =
      Collections.synchronizedList(new ArrayList<>());
  private static final ThreadLocal<Cipher> CIPHER =
      ThreadLocal.withInitial(
          () -> {
            try {
              final Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
              ALL.add(new WeakReference<>(c));
              return c;
            } catch (final GeneralSecurityException e) {
              throw new IllegalStateException("AES/GCM/NoPadding unavailable", e);
            }
          });

  /**
   * Re-keys every thread's cipher with an all-zero key so that no JCA object of ours keeps the last
   * real key schedule after lock. Whether the JDK wipes the replaced schedule is up to the JDK.
   */
  public static void scrubAll() {
    final byte[] zero = new byte[KEY_LENGTH];
    final byte[] nonce = new byte[NONCE_LENGTH];
    synchronized (ALL) {
      final Iterator<WeakReference<Cipher>> it = ALL.iterator();
      while (it.hasNext()) {
        final Cipher c = it.next().get();
        if (c == null) {
          it.remove();
          continue;
        }
        RANDOM.nextBytes(nonce);
        synchronized (c) {
          try {
            c.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(zero, "AES"),
                new GCMParameterSpec(TAG_LENGTH * 8, nonce));
          } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM scrub failed", e);
          }
        }
      }
    }
  }

  /** Per-thread staging for a locked key on its way into a {@link SecretKeySpec} (which copies). */
  private static final ThreadLocal<byte[]> KEY_SCRATCH =
      ThreadLocal.withInitial(() -> new byte[KEY_LENGTH]);

  private Aead() {}

  /**
   * The JCA needs the key on the heap: the spec takes its own copy (the JDK's, as the cipher's key
   * schedule is), and our staging copy is wiped at once.
   */
  private static SecretKeySpec spec(final LockedKey key) {
    final byte[] scratch = KEY_SCRATCH.get();
    key.copyTo(scratch, 0);
    try {
      return new SecretKeySpec(scratch, "AES");
    } finally {
      Arrays.fill(scratch, (byte) 0);
    }
  }

  public static void randomBytes(final byte[] dst) {
    RANDOM.nextBytes(dst);
  }

  public static byte[] randomKey() {
    final byte[] k = new byte[KEY_LENGTH];
    RANDOM.nextBytes(k);
    return k;
  }

  /**
   * Seals {@code length} bytes, padded to 64 B when {@code pad}, into {@code dst} at {@code
   * dstOffset} and returns the sealed length.
   */
  public static int seal(
      final byte[] key,
      final byte[] aad,
      final int aadLength,
      final byte[] src,
      final int srcOffset,
      final int length,
      final boolean pad,
      final byte[] dst,
      final int dstOffset) {
    return sealWith(
        new SecretKeySpec(key, "AES"), aad, aadLength, src, srcOffset, length, pad, dst, dstOffset);
  }

  /**
   * {@link #seal(byte[], byte[], int, byte[], int, int, boolean, byte[], int)} under a locked key.
   */
  public static int seal(
      final LockedKey key,
      final byte[] aad,
      final int aadLength,
      final byte[] src,
      final int srcOffset,
      final int length,
      final boolean pad,
      final byte[] dst,
      final int dstOffset) {
    return sealWith(spec(key), aad, aadLength, src, srcOffset, length, pad, dst, dstOffset);
  }

  private static int sealWith(
      final SecretKeySpec key,
      final byte[] aad,
      final int aadLength,
      final byte[] src,
      final int srcOffset,
      final int length,
      final boolean pad,
      final byte[] dst,
      final int dstOffset) {
    final byte[] plain;
    final int plainLength;
    if (pad) {
      plainLength = RecordDescriptor.paddedLength(length);
      plain = new byte[plainLength];
      System.arraycopy(src, srcOffset, plain, 0, length);
      plain[length] = (byte) 0x80;
    } else {
      plain = src;
      plainLength = length;
    }
    try {
      final byte[] nonce = new byte[NONCE_LENGTH];
      RANDOM.nextBytes(nonce);
      System.arraycopy(nonce, 0, dst, dstOffset, NONCE_LENGTH);
      final Cipher c = CIPHER.get();
      synchronized (c) {
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        c.updateAAD(aad, 0, aadLength);
        final int n =
            c.doFinal(plain, pad ? 0 : srcOffset, plainLength, dst, dstOffset + NONCE_LENGTH);
        return NONCE_LENGTH + n;
      }
    } catch (final GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM seal failed", e);
    } finally {
      if (pad) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /** Convenience form returning a new array. */
  public static byte[] seal(
      final byte[] key,
      final byte[] aad,
      final int aadLength,
      final byte[] plain,
      final boolean pad) {
    return sealNew(new SecretKeySpec(key, "AES"), aad, aadLength, plain, pad);
  }

  /** Convenience form returning a new array, under a locked key. */
  public static byte[] seal(
      final LockedKey key,
      final byte[] aad,
      final int aadLength,
      final byte[] plain,
      final boolean pad) {
    return sealNew(spec(key), aad, aadLength, plain, pad);
  }

  private static byte[] sealNew(
      final SecretKeySpec key,
      final byte[] aad,
      final int aadLength,
      final byte[] plain,
      final boolean pad) {
    final int sealedLength =
        pad
            ? RecordDescriptor.sealedLength(plain.length)
            : plain.length + RecordDescriptor.SEAL_OVERHEAD;
    final byte[] out = new byte[sealedLength];
    sealWith(key, aad, aadLength, plain, 0, plain.length, pad, out, 0);
    return out;
  }

  /**
   * Opens a sealed box into {@code dst} (which needs {@code sealedLength - 28} bytes) and returns
   * the unpadded plaintext length, or -1 when the box does not authenticate under this key and
   * associated data, or its padding is malformed.
   */
  public static int open(
      final byte[] key,
      final byte[] aad,
      final int aadLength,
      final byte[] src,
      final int srcOffset,
      final int sealedLength,
      final boolean padded,
      final byte[] dst,
      final int dstOffset) {
    return openWith(
        new SecretKeySpec(key, "AES"),
        aad,
        aadLength,
        src,
        srcOffset,
        sealedLength,
        padded,
        dst,
        dstOffset);
  }

  /**
   * {@link #open(byte[], byte[], int, byte[], int, int, boolean, byte[], int)} under a locked key.
   */
  public static int open(
      final LockedKey key,
      final byte[] aad,
      final int aadLength,
      final byte[] src,
      final int srcOffset,
      final int sealedLength,
      final boolean padded,
      final byte[] dst,
      final int dstOffset) {
    return openWith(
        spec(key), aad, aadLength, src, srcOffset, sealedLength, padded, dst, dstOffset);
  }

  private static int openWith(
      final SecretKeySpec key,
      final byte[] aad,
      final int aadLength,
      final byte[] src,
      final int srcOffset,
      final int sealedLength,
      final boolean padded,
      final byte[] dst,
      final int dstOffset) {
    if (sealedLength < NONCE_LENGTH + TAG_LENGTH) {
      return -1;
    }
    final int n;
    try {
      final Cipher c = CIPHER.get();
      c.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(TAG_LENGTH * 8, src, srcOffset, NONCE_LENGTH));
      c.updateAAD(aad, 0, aadLength);
      n = c.doFinal(src, srcOffset + NONCE_LENGTH, sealedLength - NONCE_LENGTH, dst, dstOffset);
    } catch (final AEADBadTagException e) {
      return -1;
    } catch (final GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM open failed", e);
    }
    if (!padded) {
      return n;
    }
    if (n == 0 || n % PAD_BLOCK != 0) {
      return -1;
    }
    int i = dstOffset + n - 1;
    final int floor = dstOffset + n - PAD_BLOCK;
    while (i >= floor && dst[i] == 0) {
      i--;
    }
    if (i < floor || dst[i] != (byte) 0x80) {
      return -1;
    }
    return i - dstOffset;
  }

  /** Convenience form returning a new exact-length array, or null when it does not authenticate. */
  public static byte[] open(
      final byte[] key,
      final byte[] aad,
      final int aadLength,
      final byte[] sealed,
      final int offset,
      final int length,
      final boolean padded) {
    return openNew(new SecretKeySpec(key, "AES"), aad, aadLength, sealed, offset, length, padded);
  }

  /** Convenience form under a locked key. */
  public static byte[] open(
      final LockedKey key,
      final byte[] aad,
      final int aadLength,
      final byte[] sealed,
      final int offset,
      final int length,
      final boolean padded) {
    return openNew(spec(key), aad, aadLength, sealed, offset, length, padded);
  }

  private static byte[] openNew(
      final SecretKeySpec key,
      final byte[] aad,
      final int aadLength,
      final byte[] sealed,
      final int offset,
      final int length,
      final boolean padded) {
    if (length < RecordDescriptor.SEAL_OVERHEAD) {
      return null;
    }
    final byte[] tmp = new byte[length - RecordDescriptor.SEAL_OVERHEAD];
    final int n = openWith(key, aad, aadLength, sealed, offset, length, padded, tmp, 0);
    if (n < 0) {
      Arrays.fill(tmp, (byte) 0);
      return null;
    }
    if (n == tmp.length) {
      return tmp;
    }
    final byte[] out = Arrays.copyOf(tmp, n);
    Arrays.fill(tmp, (byte) 0);
    return out;
  }
}
