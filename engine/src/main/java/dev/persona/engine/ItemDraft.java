package dev.persona.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a caller wants an item to contain: name, type, ordered fields, URLs and tags. */
public record ItemDraft(
    String name, ItemType type, List<Field> fields, List<String> urls, List<String> tags) {
  public ItemDraft {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    fields = List.copyOf(fields);
    urls = List.copyOf(urls);
    tags = List.copyOf(tags);
  }

  public static Builder builder(final String name, final ItemType type) {
    return new Builder(name, type);
  }

  /** Zeroes every field value held by this draft. */
  public void zero() {
    for (final Field f : fields) {
      f.zero();
    }
  }

  /** Collects a draft field by field; values passed as bytes are taken, not copied. */
  public static final class Builder {
    private final String name;
    private final ItemType type;
    private final List<Field> fields = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();

    Builder(final String name, final ItemType type) {
      this.name = name;
      this.type = type;
    }

    public Builder field(final String fieldName, final byte[] value, final boolean concealed) {
      fields.add(new Field(fieldName, value, concealed));
      return this;
    }

    /** Convenience for non-secret text such as usernames; secrets should use the byte[] form. */
    public Builder text(final String fieldName, final String value) {
      return field(fieldName, value.getBytes(StandardCharsets.UTF_8), false);
    }

    public Builder url(final String url) {
      urls.add(url);
      return this;
    }

    public Builder tag(final String tag) {
      tags.add(tag);
      return this;
    }

    public ItemDraft build() {
      return new ItemDraft(name, type, fields, urls, tags);
    }
  }
}
