package dev.persona.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Child process of {@link AttachmentTest}: runs with a small heap, streams a generated attachment
 * in and out, and prints both digests. Holding the file in memory would fail with OOM.
 */
final class AttachmentRoundTrip {
  private AttachmentRoundTrip() {}

  public static void main(final String[] args) throws Exception {
    final Path home = Path.of(args[0]);
    final long size = Long.parseLong(args[1]);
    try (Engine e =
        Engine.open(
            new Engine.Context().home(home).kdf(KdfParams.testOnlyTiny()).autoLockAfterMs(0))) {
      e.init(EngineFixture.PASSWORD.clone(), "Personal");
      final ItemView item =
          e.createItem("Personal", EngineFixture.login("big", "u", "p", "https://big.example"));
      final MessageDigest in = MessageDigest.getInstance("SHA-256");
      final AttachmentInfo info =
          e.putAttachment("Personal", item.id(), "big.bin", new Generated(size, in));
      final MessageDigest out = MessageDigest.getInstance("SHA-256");
      final long[] written = {0};
      final boolean found =
          e.getAttachment(
              "Personal",
              item.id(),
              "big.bin",
              new OutputStream() {
                @Override
                public void write(final int b) {
                  out.update((byte) b);
                  written[0]++;
                }

                @Override
                public void write(final byte[] b, final int off, final int len) {
                  out.update(b, off, len);
                  written[0] += len;
                }
              });
      System.out.println(
          "RESULT "
              + found
              + " "
              + info.sizeBytes()
              + " "
              + written[0]
              + " "
              + info.chunkCount()
              + " "
              + HexFormat.of().formatHex(in.digest())
              + " "
              + HexFormat.of().formatHex(out.digest())
              + " maxHeapMiB="
              + (Runtime.getRuntime().maxMemory() >> 20));
    }
  }

  /** A deterministic pseudo-random stream of {@code size} bytes that digests what it hands out. */
  static final class Generated extends InputStream {
    private final long size;
    private final MessageDigest digest;
    private long pos;
    private long state = 0x9E3779B97F4A7C15L;

    Generated(final long size, final MessageDigest digest) {
      this.size = size;
      this.digest = digest;
    }

    @Override
    public int read() {
      final byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(final byte[] b, final int off, final int len) {
      if (pos >= size) {
        return -1;
      }
      final int n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        b[off + i] = (byte) state;
      }
      digest.update(b, off, n);
      pos += n;
      return n;
    }
  }
}
