package dev.persona.cli.command;

import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * Writes items as rows of KeePassXC's CSV export (RFC 4180, every cell quoted): Group, Title,
 * Username, Password, URL, Notes, TOTP, Icon, Last Modified, Created — what KeePassXC's CSV import
 * and {@code persona import --from keepassxc-csv} read. The first tag becomes the group under
 * {@code Root}. Secret values are decoded into a char buffer that is wiped after its cell is
 * written; they never become a {@code String}.
 *
 * <p>Stateless; thread-safe.
 */
final class KeePassXcCsvRows {
  static final String HEADER =
      "\"Group\",\"Title\",\"Username\",\"Password\",\"URL\",\"Notes\",\"TOTP\",\"Icon\","
          + "\"Last Modified\",\"Created\"\n";

  private static final Set<String> COLUMNS = Set.of("username", "password", "notes", "totp");

  private KeePassXcCsvRows() {}

  /** Writes one row for {@code item}; returns how many of its values have no column. */
  static int write(final Writer out, final ItemEntry item) throws IOException {
    int leftOut = 0;
    for (final FieldEntry field : item.fields()) {
      if (!COLUMNS.contains(field.name())) {
        leftOut++;
      }
    }
    leftOut += Math.max(0, item.urls().size() - 1) + Math.max(0, item.tags().size() - 1);
    text(out, item.tags().isEmpty() ? "Root" : "Root/" + item.tags().get(0));
    out.write(',');
    text(out, item.name());
    out.write(',');
    value(out, find(item, "username"));
    out.write(',');
    value(out, find(item, "password"));
    out.write(',');
    text(out, item.urls().isEmpty() ? "" : item.urls().get(0));
    out.write(',');
    value(out, find(item, "notes"));
    out.write(',');
    value(out, find(item, "totp"));
    out.write(',');
    text(out, "0");
    out.write(',');
    text(out, timestamp(item.updatedMs()));
    out.write(',');
    text(out, timestamp(item.createdMs()));
    out.write('\n');
    return leftOut;
  }

  private static String timestamp(final long epochMs) {
    return epochMs <= 0 ? "" : Instant.ofEpochMilli(epochMs).toString();
  }

  private static FieldEntry find(final ItemEntry item, final String name) {
    for (final FieldEntry field : item.fields()) {
      if (field.name().equals(name)) {
        return field;
      }
    }
    return null;
  }

  private static void text(final Writer out, final CharSequence value) throws IOException {
    out.write('"');
    for (int i = 0; i < value.length(); i++) {
      final char c = value.charAt(i);
      if (c == '"') {
        out.write('"');
      }
      out.write(c);
    }
    out.write('"');
  }

  private static void value(final Writer out, final FieldEntry field) throws IOException {
    if (field == null || field.value() == null) {
      text(out, "");
      return;
    }
    final CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(field.value()));
    try {
      text(out, chars);
    } finally {
      if (chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
    }
  }
}
