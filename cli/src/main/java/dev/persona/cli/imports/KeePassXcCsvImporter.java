package dev.persona.cli.imports;

import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.json.JsonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a KeePassXC CSV export ({@code Database → Export → CSV}: columns Group, Title, Username,
 * Password, URL, Notes, and since 2.6 TOTP, Icon, Last Modified, Created) into item drafts. Columns
 * are found by header name, so older exports without TOTP work too.
 *
 * <p>Mapping: Title → name; Username → {@code username}; Password → {@code password} (concealed);
 * URL → urls; Notes → {@code notes}; TOTP → {@code totp} (concealed); Group path without the root
 * group → one tag.
 *
 * <p>Stateless; thread-safe.
 */
public final class KeePassXcCsvImporter {
  private KeePassXcCsvImporter() {}

  public static List<ItemDraft> read(final char[] csv, final int length) {
    final List<List<JsonText>> rows = CsvReader.parse(csv, length);
    try {
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("keepassxc csv: file is empty");
      }
      final List<String> header = new ArrayList<>();
      for (final JsonText cell : rows.get(0)) {
        header.add(cell.asString().strip().toLowerCase(Locale.ROOT));
      }
      final int title = header.indexOf("title");
      if (title < 0 || header.indexOf("password") < 0) {
        throw new IllegalArgumentException(
            "keepassxc csv: header must name at least Title and Password columns: header="
                + header);
      }
      final List<ItemDraft> drafts = new ArrayList<>();
      for (int r = 1; r < rows.size(); r++) {
        final List<JsonText> row = rows.get(r);
        final String name =
            column(row, header, "title") == null ? "" : column(row, header, "title").asString();
        final ItemDraft draft = new ItemDraft().name(name.isBlank() ? "untitled-" + r : name);
        addField(draft, row, header, "username", "username", false);
        addField(draft, row, header, "password", "password", true);
        addField(draft, row, header, "notes", "notes", false);
        addField(draft, row, header, "totp", "totp", true);
        final JsonText url = column(row, header, "url");
        if (url != null && url.length() > 0) {
          draft.urls().add(url.asString());
        }
        final JsonText group = column(row, header, "group");
        if (group != null && group.length() > 0) {
          final String tag = groupTag(group.asString());
          if (!tag.isEmpty()) {
            draft.tags().add(tag);
          }
        }
        drafts.add(draft);
      }
      return drafts;
    } finally {
      CsvReader.wipe(rows);
    }
  }

  /** "Root/Work/Servers" → "Work/Servers"; "Root" → "". */
  static String groupTag(final String group) {
    final int slash = group.indexOf('/');
    return slash < 0 ? "" : group.substring(slash + 1).strip();
  }

  private static void addField(
      final ItemDraft draft,
      final List<JsonText> row,
      final List<String> header,
      final String column,
      final String fieldName,
      final boolean concealed) {
    final JsonText cell = column(row, header, column);
    if (cell != null && cell.length() > 0) {
      draft.field(fieldName, cell.toUtf8(), concealed);
    }
  }

  private static JsonText column(
      final List<JsonText> row, final List<String> header, final String name) {
    final int index = header.indexOf(name);
    return index >= 0 && index < row.size() ? row.get(index) : null;
  }
}
