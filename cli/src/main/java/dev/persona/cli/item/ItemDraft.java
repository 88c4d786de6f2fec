package dev.persona.cli.item;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An item as the CLI builds it before sending it to the daemon: from {@code item add --from-json},
 * from the edit flags, or from an import file. Field values are UTF-8 {@code byte[]} owned by the
 * draft and zeroed by {@link #wipe()}.
 *
 * <p>Not thread-safe.
 */
public final class ItemDraft {
  /**
   * Item types as spelled in JSON and on the command line (lower case of the schema's ItemType).
   */
  public static final List<String> TYPES =
      List.of("login", "secure_note", "api_credential", "ssh_key");

  /** One named value. */
  public record Field(String name, byte[] value, boolean concealed) {
    @Override
    public String toString() {
      return "Field[name=" + name + ", concealed=" + concealed + "]";
    }
  }

  private String name;
  private String type = "login";
  private final List<Field> fields = new ArrayList<>();
  private final List<String> urls = new ArrayList<>();
  private final List<String> tags = new ArrayList<>();

  public String name() {
    return name;
  }

  public ItemDraft name(final String name) {
    this.name = name;
    return this;
  }

  public String type() {
    return type;
  }

  public ItemDraft type(final String type) {
    final String normalised = type.toLowerCase(Locale.ROOT).replace('-', '_');
    if (!TYPES.contains(normalised)) {
      throw new IllegalArgumentException(
          "item: unknown type=" + type + " (expected one of " + String.join(", ", TYPES) + ")");
    }
    this.type = normalised;
    return this;
  }

  public List<Field> fields() {
    return fields;
  }

  /** Adds or replaces a field; the draft takes ownership of value. */
  public ItemDraft field(final String fieldName, final byte[] value, final boolean concealed) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(fieldName)) {
        Arrays.fill(fields.get(i).value(), (byte) 0);
        fields.set(i, new Field(fieldName, value, concealed));
        return this;
      }
    }
    fields.add(new Field(fieldName, value, concealed));
    return this;
  }

  public boolean removeField(final String fieldName) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(fieldName)) {
        Arrays.fill(fields.remove(i).value(), (byte) 0);
        return true;
      }
    }
    return false;
  }

  public Field findField(final String fieldName) {
    for (final Field field : fields) {
      if (field.name().equals(fieldName)) {
        return field;
      }
    }
    return null;
  }

  public List<String> urls() {
    return urls;
  }

  public List<String> tags() {
    return tags;
  }

  /**
   * Whether a field is concealed when the input does not say: names that usually hold secrets are.
   * Errs on the side of concealing.
   */
  public static boolean concealedByDefault(final String fieldName) {
    final String n = fieldName.toLowerCase(Locale.ROOT);
    for (final String word :
        new String[] {
          "password",
          "passwd",
          "secret",
          "token",
          "key",
          "pin",
          "totp",
          "otp",
          "passphrase",
          "cvv",
          "code",
          "credential",
          "number"
        }) {
      if (n.contains(word)) {
        return true;
      }
    }
    return false;
  }

  public void wipe() {
    for (final Field field : fields) {
      Arrays.fill(field.value(), (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "ItemDraft[name=" + name + ", type=" + type + ", fields=" + fields + "]";
  }
}
