package dev.persona.cli.ref;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Copies a child process's output to ours, replacing every occurrence of a secret value with {@link
 * #MASK}.
 *
 * <p>Streaming: a byte is written as soon as it cannot be the start of a secret, so interactive
 * output is not delayed; only a possible partial match (at most the longest secret minus one byte)
 * is held back until the next read decides it. Longer secrets win over shorter ones that start at
 * the same position.
 *
 * <p>One instance per stream, used by one pump thread; {@link #wipe()} zeroes its copies of the
 * secrets.
 */
public final class SecretMasker {
  public static final String MASK = "<concealed by persona>";
  private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.UTF_8);

  private final byte[][] secrets;
  private final OutputStream out;
  private byte[] pending = new byte[8192];
  private int pendingLength;

  /** Takes copies of the non-empty secrets; the caller keeps ownership of its arrays. */
  public SecretMasker(final List<byte[]> secretValues, final OutputStream out) {
    final List<byte[]> copies = new ArrayList<>();
    for (final byte[] secret : secretValues) {
      if (secret != null && secret.length > 0) {
        copies.add(secret.clone());
      }
    }
    copies.sort(Comparator.comparingInt((byte[] s) -> s.length).reversed());
    this.secrets = copies.toArray(new byte[0][]);
    this.out = out;
  }

  /** Pumps in to out until end of stream, then flushes what is held back. */
  public void pump(final InputStream in) throws IOException {
    final byte[] buffer = new byte[8192];
    try {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        write(buffer, 0, read);
      }
      finish();
    } finally {
      Arrays.fill(buffer, (byte) 0);
    }
  }

  public void write(final byte[] data, final int offset, final int length) throws IOException {
    if (pendingLength + length > pending.length) {
      final byte[] bigger =
          Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
      Arrays.fill(pending, (byte) 0);
      pending = bigger;
    }
    System.arraycopy(data, offset, pending, pendingLength, length);
    pendingLength += length;
    drain(false);
    out.flush();
  }

  /**
   * Writes whatever is held back (a partial match at end of stream is not a secret) and flushes.
   */
  public void finish() throws IOException {
    drain(true);
    out.flush();
  }

  private void drain(final boolean endOfStream) throws IOException {
    int emitFrom = 0;
    int i = 0;
    while (i < pendingLength) {
      final int match = matchAt(i, endOfStream);
      if (match > 0) {
        out.write(pending, emitFrom, i - emitFrom);
        out.write(MASK_BYTES);
        i += match;
        emitFrom = i;
      } else if (match < 0) {
        break; // possible secret continues in the next read
      } else {
        i++;
      }
    }
    out.write(pending, emitFrom, i - emitFrom);
    final int kept = pendingLength - i;
    System.arraycopy(pending, i, pending, 0, kept);
    Arrays.fill(pending, kept, pendingLength, (byte) 0);
    pendingLength = kept;
  }

  /**
   * Length of the secret matching at position, 0 for none, -1 when more input could still make a
   * match.
   */
  private int matchAt(final int position, final boolean endOfStream) {
    boolean partial = false;
    for (final byte[] secret : secrets) {
      final int available = pendingLength - position;
      final int compare = Math.min(available, secret.length);
      if (Arrays.equals(pending, position, position + compare, secret, 0, compare)) {
        if (compare == secret.length) {
          // A longer secret that might still match here wins, so wait for it unless the stream
          // ended.
          return partial && !endOfStream ? -1 : secret.length;
        }
        partial = true;
      }
    }
    return partial && !endOfStream ? -1 : 0;
  }

  public void wipe() {
    for (final byte[] secret : secrets) {
      Arrays.fill(secret, (byte) 0);
    }
    Arrays.fill(pending, (byte) 0);
  }
}
