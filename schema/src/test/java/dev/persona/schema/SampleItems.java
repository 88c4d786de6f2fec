package dev.persona.schema;

import com.google.flatbuffers.FlatBufferBuilder;

/** Public bridge so client-package tests can reuse {@link SampleMessages#item}. */
public final class SampleItems {
  private SampleItems() {}

  /** Builds the sample "github" item with values into {@code builder}; returns its offset. */
  public static int item(final FlatBufferBuilder builder) {
    return SampleMessages.item(builder, true);
  }
}
