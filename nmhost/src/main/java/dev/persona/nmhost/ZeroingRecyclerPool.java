package dev.persona.nmhost;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.io.Serial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Gives every Jackson parser and generator fresh buffers and zeroes each buffer when it is handed
 * back. A {@code read} reply's value passes through the generator's output buffer; Jackson's
 * default pool would keep that buffer, value and all, in a thread-local for the next document. Here
 * nothing is recycled. The zeroing happens per buffer, in {@code release*Buffer}, because Jackson
 * returns the recycler to its pool <em>before</em> the generator's last flush and buffer release:
 * wiping in {@link #releasePooled} would erase a reply not yet written. {@code ReplyWriterTest}
 * checks that every buffer a generator allocated is zero once it is closed.
 *
 * <p>Thread-safe (no shared mutable state; each recycler belongs to one parser or generator).
 */
final class ZeroingRecyclerPool implements RecyclerPool<BufferRecycler> {
  @Serial private static final long serialVersionUID = 1L;

  private final transient Consumer<ZeroingBufferRecycler> onAcquire;

  ZeroingRecyclerPool() {
    this(null);
  }

  /** Tests watch every recycler handed out, to check that its buffers end up zero. */
  ZeroingRecyclerPool(final Consumer<ZeroingBufferRecycler> onAcquire) {
    this.onAcquire = onAcquire;
  }

  @Override
  public BufferRecycler acquirePooled() {
    final ZeroingBufferRecycler recycler = new ZeroingBufferRecycler();
    if (onAcquire != null) {
      onAcquire.accept(recycler);
    }
    return recycler;
  }

  @Override
  public BufferRecycler acquireAndLinkPooled() {
    return acquirePooled().withPool(this);
  }

  @Override
  public void releasePooled(final BufferRecycler recycler) {
    // Nothing is pooled; the buffers are zeroed as they are released (see the class comment).
  }

  /** Zeroes every buffer handed back to it; remembers what it allocated, for tests to inspect. */
  static final class ZeroingBufferRecycler extends BufferRecycler {
    private final List<byte[]> byteBuffers = new ArrayList<>(4);
    private final List<char[]> charBuffers = new ArrayList<>(4);

    @Override
    protected byte[] balloc(final int size) {
      final byte[] buffer = super.balloc(size);
      byteBuffers.add(buffer);
      return buffer;
    }

    @Override
    protected char[] calloc(final int size) {
      final char[] buffer = super.calloc(size);
      charBuffers.add(buffer);
      return buffer;
    }

    @Override
    public void releaseByteBuffer(final int index, final byte[] buffer) {
      if (buffer != null) {
        Arrays.fill(buffer, (byte) 0);
      }
      super.releaseByteBuffer(index, buffer);
    }

    @Override
    public void releaseCharBuffer(final int index, final char[] buffer) {
      if (buffer != null) {
        Arrays.fill(buffer, '\0');
      }
      super.releaseCharBuffer(index, buffer);
    }

    /** Every byte buffer allocated so far (tests). */
    List<byte[]> byteBuffers() {
      return byteBuffers;
    }

    /** Every char buffer allocated so far (tests). */
    List<char[]> charBuffers() {
      return charBuffers;
    }
  }
}
