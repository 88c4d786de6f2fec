package dev.persona.cli.imports;

import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.json.JsonReader;
import dev.persona.cli.json.JsonSyntaxException;
import dev.persona.cli.json.JsonText;
import dev.persona.cli.json.JsonValues;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;

/**
 * Reads a 1Password unencrypted export ({@code .1pux}, 1Password 8: File → Export) into an {@link
 * ImportBatch}: every account's vaults, every item.
 *
 * <p>Mapping: {@code overview.title} → name; {@code overview.url} and {@code urls[].url} → urls;
 * {@code overview.tags} → tags, plus {@code archived} for archived items and the 1Password vault
 * name when the export holds more than one vault. Login fields designated username/password →
 * {@code username}/{@code password} (concealed), other login-form fields keep their names (form
 * checkboxes are dropped); {@code details.password} (Password items) → {@code password}; {@code
 * notesPlain} → {@code notes}. Section fields keep their titles; {@code concealed} and card numbers
 * are concealed; the first {@code totp} becomes {@code totp} (concealed, an {@code otpauth://} URI
 * or a bare secret, as {@code persona totp} reads it); dates become ISO dates, addresses one line,
 * SSH keys {@code private_key}/{@code public_key}/{@code fingerprint}. Categories: login (001),
 * password (005), database, router, server and e-mail account → {@code login}; API credential →
 * {@code api_credential}; SSH key → {@code ssh_key}; everything else (notes, cards, identities,
 * documents…) → {@code secure_note} with its fields. Documents and file fields become attachments
 * read from {@code files/}. Left out, each reported in the batch: trashed items, links to other
 * items, values of an unknown shape, attachments missing from the archive or over {@link
 * OnePuxArchive#MAX_FILE_BYTES}, and (as one count) password history.
 *
 * <p>Not thread-safe; one instance per file.
 */
public final class OnePuxImporter {
  private final OnePuxArchive archive;
  private final ImportBatch batch;
  private int oldPasswords;

  private OnePuxImporter(final OnePuxArchive archive, final ImportBatch batch) {
    this.archive = archive;
    this.batch = batch;
  }

  /** Reads the whole export; the batch reads attachments from the file until it is closed. */
  public static ImportBatch read(final Path file) throws IOException {
    final OnePuxArchive archive = OnePuxArchive.open(file);
    final ImportBatch batch = new ImportBatch(archive);
    boolean complete = false;
    try {
      final char[][] holder = new char[1][];
      final int length = archive.exportData(holder);
      final Object tree;
      try {
        tree = JsonReader.parse(holder[0], length);
      } catch (final JsonSyntaxException e) {
        throw new IllegalArgumentException("1pux: export.data: " + e.getMessage(), e);
      } finally {
        Arrays.fill(holder[0], '\0');
      }
      try {
        new OnePuxImporter(archive, batch).export(tree);
      } finally {
        JsonValues.wipe(tree);
      }
      complete = true;
      return batch;
    } finally {
      if (!complete) {
        batch.close();
      }
    }
  }

  private void export(final Object tree) {
    final Map<String, Object> root = JsonValues.object(tree, "root");
    if (root.get("accounts") == null) {
      throw new IllegalArgumentException(
          "1pux: export.data has no member=accounts; is this a 1Password export?");
    }
    final List<Map<String, Object>> vaults = new ArrayList<>();
    for (final Object account : JsonValues.array(root.get("accounts"), "accounts")) {
      for (final Object vault : list(JsonValues.object(account, "accounts[]"), "vaults")) {
        vaults.add(JsonValues.object(vault, "accounts[].vaults[]"));
      }
    }
    for (final Map<String, Object> vault : vaults) {
      final String vaultName = vaultName(vault);
      for (final Object element : list(vault, "items")) {
        final Map<String, Object> item = JsonValues.object(element, "vaults[].items[]");
        try {
          item(item, vaultName, vaults.size() > 1);
        } catch (final JsonSyntaxException | IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "1pux: export.data: entry '"
                  + safeTitle(item)
                  + "' in vault '"
                  + vaultName
                  + "': "
                  + e.getMessage(),
              e);
        }
      }
    }
    if (oldPasswords > 0) {
      batch.skip(oldPasswords + " old passwords from 1Password's password history (not imported)");
    }
  }

  private void item(
      final Map<String, Object> item, final String vaultName, final boolean tagWithVault) {
    final Map<String, Object> overview = optionalObject(item, "overview");
    final Map<String, Object> details = optionalObject(item, "details");
    final String title = JsonValues.string(overview, "title");
    final String name = title == null || title.isBlank() ? "untitled" : title.strip();
    final String state = JsonValues.string(item, "state");
    if (JsonValues.bool(item, "trashed", false) || "deleted".equals(state)) {
      batch.skip("'" + name + "' (in the 1Password trash)");
      return;
    }
    final String category = JsonValues.string(item, "categoryUuid");
    final ItemDraft draft = new ItemDraft().name(name).type(typeOf(category));
    final ImportBatch.Entry entry = batch.add(draft);
    DraftFields.addDistinct(draft.urls(), JsonValues.string(overview, "url"));
    for (final Object url : list(overview, "urls")) {
      DraftFields.addDistinct(
          draft.urls(), JsonValues.string(JsonValues.object(url, "overview.urls[]"), "url"));
    }
    for (final String tag : JsonValues.strings(overview, "tags")) {
      DraftFields.addDistinct(draft.tags(), tag);
    }
    if ("archived".equals(state)) {
      DraftFields.addDistinct(draft.tags(), "archived");
    }
    if (tagWithVault) {
      DraftFields.addDistinct(draft.tags(), vaultName);
    }
    loginFields(draft, details);
    final JsonText password = JsonValues.text(details, "password");
    if (password != null && !sameValue(draft.findField("password"), password)) {
      DraftFields.add(draft, "password", null, password, true);
    }
    DraftFields.add(draft, "notes", null, JsonValues.text(details, "notesPlain"), false);
    for (final Object section : list(details, "sections")) {
      final Map<String, Object> s = JsonValues.object(section, "details.sections[]");
      final String sectionTitle = JsonValues.string(s, "title");
      for (final Object field : list(s, "fields")) {
        sectionField(entry, JsonValues.object(field, "sections[].fields[]"), sectionTitle);
      }
    }
    if (details.get("documentAttributes") != null) {
      attachment(entry, JsonValues.object(details.get("documentAttributes"), "documentAttributes"));
    }
    oldPasswords += list(details, "passwordHistory").size();
  }

  private static void loginFields(final ItemDraft draft, final Map<String, Object> details) {
    for (final Object element : list(details, "loginFields")) {
      final Map<String, Object> field = JsonValues.object(element, "details.loginFields[]");
      final JsonText value = loginValue(field.get("value"));
      final String designation = lower(JsonValues.string(field, "designation"));
      if ("username".equals(designation)) {
        DraftFields.add(draft, "username", null, value, false);
      } else if ("password".equals(designation)) {
        DraftFields.add(draft, "password", null, value, true);
      } else if (!"C".equals(JsonValues.string(field, "fieldType"))) {
        // "C" fields are the sign-in form's checkboxes ("remember me"): form state, not data.
        final String fieldName =
            firstNonBlank(
                JsonValues.string(field, "name"), JsonValues.string(field, "id"), "login field");
        DraftFields.add(
            draft, fieldName, null, value, "P".equals(JsonValues.string(field, "fieldType")));
      }
    }
  }

  /** A login field's value: usually a string, an object for linked accounts (e.g. an alias). */
  private static JsonText loginValue(final Object value) {
    if (value instanceof Map<?, ?>) {
      final Map<String, Object> linked = JsonValues.object(value, "loginFields[].value");
      final JsonText email = JsonValues.text(linked, "email_address");
      return email != null ? email : JsonValues.text(linked, "string");
    }
    return value == null ? null : JsonValues.text(value, "loginFields[].value");
  }

  private void sectionField(
      final ImportBatch.Entry entry, final Map<String, Object> field, final String section) {
    if (field.get("value") == null) {
      return;
    }
    final Map<String, Object> value = JsonValues.object(field.get("value"), "fields[].value");
    if (value.isEmpty()) {
      return;
    }
    // A field's value is an object with one member whose name says what kind of value it is.
    final Map.Entry<String, Object> only = value.entrySet().iterator().next();
    final String kind = only.getKey();
    final Object v = only.getValue();
    if (v == null) {
      return;
    }
    final ItemDraft draft = entry.draft();
    final String id = JsonValues.string(field, "id");
    final String title = firstNonBlank(JsonValues.string(field, "title"), id, kind);
    final String what = "fields[].value." + kind;
    switch (kind) {
      case "concealed", "creditCardNumber" ->
          DraftFields.add(draft, standardName(id, title), section, JsonValues.text(v, what), true);
      case "totp" ->
          DraftFields.add(
              draft,
              draft.findField("totp") == null ? "totp" : title,
              section,
              JsonValues.text(v, what),
              true);
      case "email" -> {
        final JsonText email =
            v instanceof Map<?, ?>
                ? JsonValues.text(JsonValues.object(v, what), "email_address")
                : JsonValues.text(v, what);
        DraftFields.add(draft, title, section, email, false);
      }
      case "date" -> DraftFields.add(draft, title, section, date(v, what));
      case "monthYear" -> DraftFields.add(draft, title, section, monthYear(v, what));
      case "address" -> DraftFields.add(draft, title, section, address(v, what));
      case "sshKey" -> sshKey(draft, JsonValues.object(v, what));
      case "file" -> attachment(entry, JsonValues.object(v, what));
      case "reference" ->
          batch.skip(
              "'" + draft.name() + "' field '" + title + "' (a link to another 1Password item)");
      default -> {
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
          batch.skip(
              "'" + draft.name() + "' field '" + title + "' (unsupported value kind=" + kind + ")");
        } else {
          // string, url, phone, menu, gender, creditCardType and kinds newer than this reader
          DraftFields.add(draft, standardName(id, title), section, JsonValues.text(v, what), false);
        }
      }
    }
  }

  /** Server and database templates carry their credentials as section fields. */
  private static String standardName(final String id, final String title) {
    for (final String standard : new String[] {"username", "password"}) {
      if (standard.equalsIgnoreCase(id) || standard.equalsIgnoreCase(title)) {
        return standard;
      }
    }
    return title;
  }

  private static void sshKey(final ItemDraft draft, final Map<String, Object> key) {
    final Map<String, Object> metadata = optionalObject(key, "metadata");
    // metadata.privateKey is always PKCS#8; the top-level copy's format varies by 1Password version
    final JsonText pkcs8 = JsonValues.text(metadata, "privateKey");
    DraftFields.add(
        draft,
        "private_key",
        null,
        pkcs8 != null ? pkcs8 : JsonValues.text(key, "privateKey"),
        true);
    DraftFields.add(draft, "public_key", null, JsonValues.string(metadata, "publicKey"));
    DraftFields.add(draft, "fingerprint", null, JsonValues.string(metadata, "fingerprint"));
  }

  private void attachment(final ImportBatch.Entry entry, final Map<String, Object> file) {
    final String documentId = JsonValues.string(file, "documentId");
    final String fileName = firstNonBlank(JsonValues.string(file, "fileName"), documentId, "file");
    final String item = entry.draft().name();
    final ZipEntry zipEntry = archive.attachment(documentId, fileName);
    if (zipEntry == null) {
      batch.skip("'" + item + "' attachment '" + fileName + "' (missing from the archive)");
    } else if (zipEntry.getSize() > OnePuxArchive.MAX_FILE_BYTES) {
      batch.skip(
          "'"
              + item
              + "' attachment '"
              + fileName
              + "' ("
              + zipEntry.getSize()
              + " bytes, over the import limit of "
              + OnePuxArchive.MAX_FILE_BYTES
              + ")");
    } else {
      entry
          .files()
          .add(ImportedFile.onDemand(fileName, zipEntry.getSize(), () -> archive.read(zipEntry)));
    }
  }

  static String typeOf(final String categoryUuid) {
    if (categoryUuid == null) {
      return "login";
    }
    return switch (categoryUuid) {
      case "001", "005", "102", "109", "110", "111" -> "login";
      case "112" -> "api_credential";
      case "114" -> "ssh_key";
      default -> "secure_note";
    };
  }

  /** 1Password dates are seconds since the epoch; the day is what the user entered. */
  private static String date(final Object value, final String what) {
    if (value instanceof Long seconds) {
      return LocalDate.ofInstant(Instant.ofEpochSecond(seconds), ZoneOffset.UTC).toString();
    }
    return JsonValues.text(value, what).asString();
  }

  /** Expiry dates are encoded as YYYYMM (202712 → 2027-12). */
  private static String monthYear(final Object value, final String what) {
    if (value instanceof Long yyyymm && yyyymm > 0) {
      return String.format(Locale.ROOT, "%04d-%02d", yyyymm / 100, yyyymm % 100);
    }
    return JsonValues.text(value, what).asString();
  }

  private static String address(final Object value, final String what) {
    final Map<String, Object> address = JsonValues.object(value, what);
    final List<String> parts = new ArrayList<>();
    for (final String part : new String[] {"street", "city", "state", "zip", "country"}) {
      final String text = JsonValues.string(address, part);
      if (text != null && !text.isBlank()) {
        parts.add(text.strip());
      }
    }
    return String.join(", ", parts);
  }

  private static boolean sameValue(final ItemDraft.Field field, final JsonText value) {
    if (field == null) {
      return false;
    }
    final byte[] utf8 = value.toUtf8();
    try {
      return java.security.MessageDigest.isEqual(field.value(), utf8);
    } finally {
      Arrays.fill(utf8, (byte) 0);
    }
  }

  private static String vaultName(final Map<String, Object> vault) {
    final String name =
        vault.get("attrs") == null
            ? null
            : JsonValues.string(JsonValues.object(vault.get("attrs"), "vaults[].attrs"), "name");
    return name == null || name.isBlank() ? "vault" : name.strip();
  }

  /** The item's title for an error message, whatever shape the item has. */
  private static String safeTitle(final Map<String, Object> item) {
    if (item.get("overview") instanceof Map<?, ?> overview
        && overview.get("title") instanceof JsonText title) {
      return title.asString();
    }
    return "untitled";
  }

  private static Map<String, Object> optionalObject(
      final Map<String, Object> parent, final String key) {
    final Object value = parent.get(key);
    return value == null ? Map.of() : JsonValues.object(value, key);
  }

  private static List<Object> list(final Map<String, Object> parent, final String key) {
    final Object value = parent.get(key);
    return value == null ? List.of() : JsonValues.array(value, key);
  }

  private static String lower(final String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static String firstNonBlank(final String... candidates) {
    for (final String candidate : candidates) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate.strip();
      }
    }
    return candidates[candidates.length - 1];
  }
}
