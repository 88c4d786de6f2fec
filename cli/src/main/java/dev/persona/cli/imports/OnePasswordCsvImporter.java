package dev.persona.cli.imports;

import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.json.JsonText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a 1Password CSV export (1Password 8: File → Export → CSV, columns Title, Url, Username,
 * Password, OTPAuth, Favorite, Archived, Tags, Notes) into item drafts. Columns are found by header
 * name in any order and case, also under the names other 1Password versions and hand-made files use
 * (Website, URL, One-time password, Note, Type…); any other column is kept as a field.
 *
 * <p>Mapping: Title → name; Url → urls (one per whitespace-separated URL); Username → {@code
 * username}; Password → {@code password} (concealed); OTPAuth → {@code totp} (concealed, the {@code
 * otpauth://} URI {@code persona totp} reads); Notes → {@code notes}; Tags → tags (split on commas
 * and semicolons); Archived true → tag {@code archived}; Type, when present, picks the item type
 * (secure note, API credential, SSH key, else login); Favorite is dropped (Persona has no
 * favourites); other non-empty cells → fields named by their header, concealed when the name sounds
 * secret ({@link ItemDraft#concealedByDefault}).
 *
 * <p>Stateless; thread-safe.
 */
public final class OnePasswordCsvImporter {
  private static final List<String> TITLE = List.of("title", "name");
  private static final List<String> URL =
      List.of("url", "urls", "website", "login url", "login_uri", "login_url");
  private static final List<String> USERNAME =
      List.of("username", "user name", "login username", "login_username");
  private static final List<String> PASSWORD =
      List.of("password", "login password", "login_password");
  private static final List<String> TOTP =
      List.of("otpauth", "one-time password", "one time password", "otp", "totp");
  private static final List<String> NOTES = List.of("notes", "note", "notesplain");
  private static final List<String> TAGS = List.of("tags", "tag");
  private static final List<String> ARCHIVED = List.of("archived");
  private static final List<String> FAVORITE = List.of("favorite", "favourite");
  private static final List<String> TYPE = List.of("type", "category");
  private static final Set<String> TRUE = Set.of("true", "yes", "1");

  private OnePasswordCsvImporter() {}

  public static List<ItemDraft> read(final char[] csv, final int length) {
    final List<List<JsonText>> rows = CsvReader.parse(csv, length);
    try {
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("1password csv: file is empty");
      }
      final List<String> original = new ArrayList<>();
      final List<String> header = new ArrayList<>();
      for (final JsonText cell : rows.get(0)) {
        original.add(cell.asString().strip());
        header.add(cell.asString().strip().toLowerCase(Locale.ROOT));
      }
      final int title = index(header, TITLE);
      final int password = index(header, PASSWORD);
      if (title < 0 || password < 0) {
        throw new IllegalArgumentException(
            "1password csv: header must name at least Title and Password columns: header="
                + original);
      }
      final int url = index(header, URL);
      final int username = index(header, USERNAME);
      final int totp = index(header, TOTP);
      final int notes = index(header, NOTES);
      final int tags = index(header, TAGS);
      final int archived = index(header, ARCHIVED);
      final int type = index(header, TYPE);
      final Set<Integer> known =
          new HashSet<>(
              List.of(
                  title,
                  password,
                  url,
                  username,
                  totp,
                  notes,
                  tags,
                  archived,
                  type,
                  index(header, FAVORITE)));
      final List<ItemDraft> drafts = new ArrayList<>();
      for (int r = 1; r < rows.size(); r++) {
        final List<JsonText> row = rows.get(r);
        final String name = plain(row, title);
        final ItemDraft draft =
            new ItemDraft()
                .name(name.isBlank() ? "untitled-" + r : name.strip())
                .type(typeOf(plain(row, type)));
        DraftFields.add(draft, "username", null, cell(row, username), false);
        DraftFields.add(draft, "password", null, cell(row, password), true);
        DraftFields.add(draft, "totp", null, cell(row, totp), true);
        DraftFields.add(draft, "notes", null, cell(row, notes), false);
        for (final String u : plain(row, url).split("\\s+")) {
          DraftFields.addDistinct(draft.urls(), u);
        }
        for (final String tag : plain(row, tags).split("[,;]")) {
          DraftFields.addDistinct(draft.tags(), tag);
        }
        if (TRUE.contains(plain(row, archived).strip().toLowerCase(Locale.ROOT))) {
          DraftFields.addDistinct(draft.tags(), "archived");
        }
        for (int c = 0; c < header.size(); c++) {
          if (!known.contains(c) && !original.get(c).isEmpty()) {
            DraftFields.add(
                draft,
                original.get(c),
                null,
                cell(row, c),
                ItemDraft.concealedByDefault(original.get(c)));
          }
        }
        drafts.add(draft);
      }
      return drafts;
    } finally {
      CsvReader.wipe(rows);
    }
  }

  static String typeOf(final String type) {
    final String t = type.toLowerCase(Locale.ROOT);
    if (t.contains("note")) {
      return "secure_note";
    }
    if (t.contains("api")) {
      return "api_credential";
    }
    if (t.contains("ssh")) {
      return "ssh_key";
    }
    if (t.isBlank() || t.contains("login") || t.contains("password")) {
      return "login";
    }
    return "secure_note"; // cards, identities and the rest: a note with its fields
  }

  private static int index(final List<String> header, final List<String> names) {
    for (final String name : names) {
      final int index = header.indexOf(name);
      if (index >= 0) {
        return index;
      }
    }
    return -1;
  }

  private static JsonText cell(final List<JsonText> row, final int index) {
    return index >= 0 && index < row.size() ? row.get(index) : null;
  }

  /** A cell that is not secret (title, URL, tags), "" when absent. */
  private static String plain(final List<JsonText> row, final int index) {
    final JsonText cell = cell(row, index);
    return cell == null ? "" : cell.asString();
  }
}
