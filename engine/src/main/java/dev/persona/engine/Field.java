package dev.persona.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named field of an item. The value is UTF-8 (or raw) bytes so that it can be zeroed with
 * {@link #zero()}; it is never turned into a {@code String} by the engine.
 */
public record Field(String name, byte[] value, boolean concealed) {
  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  public void zero() {
    Arrays.fill(value, (byte) 0);
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof Field f
        && f.name.equals(name)
        && f.concealed == concealed
        && Arrays.equals(f.value, value);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "Field[name="
        + name
        + ", concealed="
        + concealed
        + ", valueLength="
        + value.length
        + "]";
  }
}
