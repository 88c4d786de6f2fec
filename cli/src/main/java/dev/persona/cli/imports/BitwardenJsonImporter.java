package dev.persona.cli.imports;

import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.json.JsonReader;
import dev.persona.cli.json.JsonText;
import dev.persona.cli.json.JsonValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an unencrypted Bitwarden JSON export ({@code bw export --format json}) into item drafts.
 *
 * <p>Mapping: login (type 1) → {@code login} with {@code username}, {@code password} and {@code
 * totp} (concealed) and its URIs; secure note (2) → {@code secure_note}; card (3) and identity (4)
 * → {@code secure_note} with one field per member (card number and code concealed); SSH key (5) →
 * {@code ssh_key} with {@code private_key} concealed. {@code notes} → field {@code notes}; custom
 * fields keep their names, hidden ones (type 1) concealed; the folder name → one tag. Encrypted
 * exports are refused with a clear message.
 *
 * <p>Stateless; thread-safe.
 */
public final class BitwardenJsonImporter {
  private BitwardenJsonImporter() {}

  public static List<ItemDraft> read(final char[] json, final int length) {
    final Object tree = JsonReader.parse(json, length);
    try {
      final Map<String, Object> root = JsonValues.object(tree, "root");
      if (JsonValues.bool(root, "encrypted", false)) {
        throw new IllegalArgumentException(
            "bitwarden json: the export is encrypted; export again with --format json (unencrypted)");
      }
      final Map<String, String> folders = new HashMap<>();
      if (root.get("folders") != null) {
        for (final Object folder : JsonValues.array(root.get("folders"), "folders")) {
          final Map<String, Object> f = JsonValues.object(folder, "folders[]");
          folders.put(JsonValues.string(f, "id"), JsonValues.string(f, "name"));
        }
      }
      final Object items = root.get("items");
      if (items == null) {
        throw new IllegalArgumentException(
            "bitwarden json: no member=items; is this a Bitwarden export?");
      }
      final List<ItemDraft> drafts = new ArrayList<>();
      for (final Object element : JsonValues.array(items, "items")) {
        drafts.add(item(JsonValues.object(element, "items[]"), folders));
      }
      return drafts;
    } finally {
      JsonValues.wipe(tree);
    }
  }

  private static ItemDraft item(final Map<String, Object> item, final Map<String, String> folders) {
    final String name = JsonValues.string(item, "name");
    final ItemDraft draft =
        new ItemDraft().name(name == null || name.isBlank() ? "untitled" : name);
    final long type = JsonValues.number(item, "type", 1);
    switch ((int) type) {
      case 1 -> {
        draft.type("login");
        final Object login = item.get("login");
        if (login != null) {
          final Map<String, Object> l = JsonValues.object(login, "login");
          put(draft, "username", JsonValues.text(l, "username"), false);
          put(draft, "password", JsonValues.text(l, "password"), true);
          put(draft, "totp", JsonValues.text(l, "totp"), true);
          if (l.get("uris") != null) {
            for (final Object uri : JsonValues.array(l.get("uris"), "login.uris")) {
              final String u = JsonValues.string(JsonValues.object(uri, "login.uris[]"), "uri");
              if (u != null && !u.isBlank()) {
                draft.urls().add(u);
              }
            }
          }
        }
      }
      case 2 -> draft.type("secure_note");
      case 3 -> {
        draft.type("secure_note");
        members(draft, item.get("card"), "card");
      }
      case 4 -> {
        draft.type("secure_note");
        members(draft, item.get("identity"), "identity");
      }
      case 5 -> {
        draft.type("ssh_key");
        final Object ssh = item.get("sshKey");
        if (ssh != null) {
          final Map<String, Object> s = JsonValues.object(ssh, "sshKey");
          put(draft, "private_key", JsonValues.text(s, "privateKey"), true);
          put(draft, "public_key", JsonValues.text(s, "publicKey"), false);
          put(draft, "fingerprint", JsonValues.text(s, "keyFingerprint"), false);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "bitwarden json: unknown item type=" + type + " for item name=" + name);
    }
    put(draft, "notes", JsonValues.text(item, "notes"), false);
    if (item.get("fields") != null) {
      for (final Object f : JsonValues.array(item.get("fields"), "fields")) {
        final Map<String, Object> field = JsonValues.object(f, "fields[]");
        final String fieldName = JsonValues.string(field, "name");
        if (fieldName != null && !fieldName.isBlank()) {
          put(
              draft,
              fieldName,
              JsonValues.text(field, "value"),
              JsonValues.number(field, "type", 0) == 1);
        }
      }
    }
    final String folderId = JsonValues.string(item, "folderId");
    if (folderId != null && folders.get(folderId) != null) {
      draft.tags().add(folders.get(folderId));
    }
    return draft;
  }

  private static void members(final ItemDraft draft, final Object value, final String what) {
    if (value == null) {
      return;
    }
    for (final Map.Entry<String, Object> member : JsonValues.object(value, what).entrySet()) {
      if (member.getValue() instanceof JsonText text && text.length() > 0) {
        final String n = member.getKey();
        draft.field(
            n,
            text.toUtf8(),
            n.equals("number") || n.equals("code") || ItemDraft.concealedByDefault(n));
      }
    }
  }

  private static void put(
      final ItemDraft draft, final String name, final JsonText value, final boolean concealed) {
    if (value != null && value.length() > 0) {
      draft.field(name, value.toUtf8(), concealed);
    }
  }
}
