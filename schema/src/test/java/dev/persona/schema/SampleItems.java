package dev.persona.schema;

import com.google.flatbuffers.FlatBufferBuilder;

/** Public bridge so client-package tests can reuse {@link SampleMessages}. */
public final class SampleItems {
  private SampleItems() {}

  /** Builds the sample "github" item with values into {@code builder}; returns its offset. */
  public static int item(final FlatBufferBuilder builder) {
    return SampleMessages.item(builder, true);
  }

  /** Frames of every response body type, index = ResponseBody type - 1, then two error answers. */
  public static java.util.List<byte[]> responseFrames() {
    return SampleMessages.responseFrames();
  }

  /** Messages (no length prefix) of every response type and two error answers. */
  public static java.util.List<byte[]> responseMessages() {
    final java.util.List<byte[]> out = new java.util.ArrayList<>();
    for (final byte[] frame : SampleMessages.responseFrames()) {
      out.add(SampleMessages.message(frame));
    }
    return out;
  }
}
