package dev.persona.engine.crypto;

import dev.persona.engine.KdfParams;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Derives the unlock key from the master password with Argon2id (BouncyCastle), and calibrates its
 * cost. Called on the caller's thread at init/unlock only, never per request.
 */
public final class Kdf {
  private Kdf() {}

  /** Returns a 32-byte unlock key. The password's UTF-8 copy is zeroed before returning. */
  public static byte[] derive(final char[] password, final byte[] salt, final KdfParams params) {
    final byte[] pw = utf8(password);
    try {
      final Argon2BytesGenerator gen = new Argon2BytesGenerator();
      gen.init(
          new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
              .withVersion(Argon2Parameters.ARGON2_VERSION_13)
              .withSalt(salt)
              .withMemoryAsKB(params.memoryKiB())
              .withIterations(params.iterations())
              .withParallelism(params.parallelism())
              .build());
      final byte[] out = new byte[RecordDescriptor.KEY_LENGTH];
      gen.generateBytes(pw, out);
      return out;
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  /**
   * Picks the strongest of {@link KdfParams#DEFAULT} and the steps down to {@link KdfParams#FLOOR}
   * that takes no longer than {@code targetMs} here; never below the floor.
   */
  public static KdfParams calibrate(final long targetMs) {
    final byte[] salt = new byte[16];
    final char[] probe = {'c', 'a', 'l', 'i', 'b', 'r', 'a', 't', 'e'};
    final KdfParams floor = KdfParams.FLOOR;
    final long t0 = System.nanoTime();
    Arrays.fill(derive(probe, salt, floor), (byte) 0);
    final long floorMs = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
    // Argon2 cost is linear in memory at fixed t and p, so one measurement predicts the rest.
    final long budgetKiB = floor.memoryKiB() * targetMs / floorMs;
    final int memoryKiB =
        (int) Math.max(floor.memoryKiB(), Math.min(KdfParams.DEFAULT.memoryKiB(), budgetKiB));
    final int rounded = Integer.highestOneBit(memoryKiB);
    return new KdfParams(rounded, floor.iterations(), floor.parallelism());
  }

  static byte[] utf8(final char[] password) {
    final java.nio.ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    final byte[] out = new byte[bb.remaining()];
    bb.get(out);
    if (bb.hasArray()) {
      Arrays.fill(bb.array(), (byte) 0);
    }
    return out;
  }
}
