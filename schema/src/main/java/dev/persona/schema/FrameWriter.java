package dev.persona.schema;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What the request and response encoders share: one reused {@link FlatBufferBuilder}, the small
 * vector helpers, and {@link #wipe()}, which zeroes the last frame after it was sent so a password,
 * value or token does not linger in the builder's memory.
 *
 * <p>Not thread-safe: one instance per thread that encodes.
 */
public abstract class FrameWriter {
  protected final FlatBufferBuilder builder;
  private ByteBuffer lastFrame;
  private int lastFrameStart;

  protected FrameWriter(final int initialCapacity) {
    builder = new FlatBufferBuilder(initialCapacity);
  }

  /** Zeroes the builder's memory, so a secret just sent does not linger on the heap. */
  public final void wipe() {
    final ByteBuffer frame = lastFrame;
    if (frame != null) {
      // From the recorded start, not the position: sending the frame has consumed the position.
      for (int i = lastFrameStart; i < frame.capacity(); i++) {
        frame.put(i, (byte) 0);
      }
      lastFrame = null;
    }
    builder.clear();
  }

  /** Remembers {@code frame} (just finished) for {@link #wipe()} and returns it. */
  protected final ByteBuffer recordFrame(final ByteBuffer frame) {
    lastFrame = frame;
    lastFrameStart = frame.position();
    return frame;
  }

  /** A string, or 0 (absent) for null. */
  public final int str(final CharSequence value) {
    return value == null ? 0 : builder.createString(value);
  }

  /** A vector of strings; null or empty gives 0 (absent). Allocates an int[] per call. */
  protected final int stringVector(final List<? extends CharSequence> values) {
    if (values == null || values.isEmpty()) {
      return 0;
    }
    final int[] offsets = new int[values.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = builder.createString(values.get(i));
    }
    return offsetVector(offsets, offsets.length);
  }

  /** Writes {@code offsets[0, count)} as a vector of table or string offsets, in that order. */
  protected final int offsetVector(final int[] offsets, final int count) {
    builder.startVector(4, count, 4);
    for (int i = count - 1; i >= 0; i--) {
      builder.addOffset(offsets[i]);
    }
    return builder.endVector();
  }
}
