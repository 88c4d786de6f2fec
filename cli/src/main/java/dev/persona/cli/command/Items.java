package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.ExitCodes;
import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.output.DidYouMean;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.ItemPage;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ItemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Conversions between the CLI's item vocabulary and the client's ({@link ItemDraft} ↔ {@link
 * ItemEntry}, type names ↔ {@link ItemType}), and the "did you mean" wrapper for item lookups.
 */
final class Items {
  /**
   * Upper bound of names fetched to suggest a correction; a bigger vault just gets no suggestion
   * past it.
   */
  static final int SUGGESTION_SCAN_LIMIT = 2000;

  private Items() {}

  /** Parses JSON from a file, or from stdin when source is "-". */
  static Object readJson(final dev.persona.cli.CliContext ctx, final String source)
      throws java.io.IOException {
    if (source.equals("-")) {
      return dev.persona.cli.json.JsonReader.parse(ctx.in());
    }
    try (java.io.InputStream in =
        java.nio.file.Files.newInputStream(java.nio.file.Path.of(source))) {
      return dev.persona.cli.json.JsonReader.parse(in);
    }
  }

  static int typeCode(final String type) {
    return switch (type.toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "login" -> ItemType.LOGIN;
      case "secure_note", "note" -> ItemType.SECURE_NOTE;
      case "api_credential", "api" -> ItemType.API_CREDENTIAL;
      case "ssh_key", "ssh" -> ItemType.SSH_KEY;
      default ->
          throw CliException.badInput(
              "unknown item type '" + type + "' (login, secure_note, api_credential, ssh_key)");
    };
  }

  static String typeName(final int type) {
    return type >= 0 && type < ItemType.names.length
        ? ItemType.name(type).toLowerCase(Locale.ROOT)
        : "type_" + type;
  }

  /**
   * The draft as a client entry; the field arrays are shared, so wipe one or the other, not both
   * twice.
   */
  static ItemEntry toEntry(final ItemDraft draft) {
    final List<FieldEntry> fields = new ArrayList<>();
    for (final ItemDraft.Field field : draft.fields()) {
      fields.add(new FieldEntry(field.name(), field.value(), field.concealed()));
    }
    return ItemEntry.draft(
        draft.name(),
        typeCode(draft.type()),
        fields,
        List.copyOf(draft.urls()),
        List.copyOf(draft.tags()));
  }

  /**
   * The draft as a replacement for an existing item: same id (the daemon requires it), new content.
   */
  static ItemEntry toUpdate(final ItemDraft draft, final ItemEntry current) {
    final ItemEntry content = toEntry(draft);
    return new ItemEntry(
        current.id(),
        current.vault(),
        content.name(),
        content.type(),
        current.revision(),
        current.createdMs(),
        current.updatedMs(),
        current.trashed(),
        content.fields(),
        content.urls(),
        content.tags(),
        current.attachments());
  }

  /** An entry as a draft to edit (takes the field arrays over). */
  static ItemDraft toDraft(final ItemEntry entry) {
    final ItemDraft draft = new ItemDraft().name(entry.name()).type(typeName(entry.type()));
    for (final FieldEntry field : entry.fields()) {
      draft.field(field.name(), field.value(), field.concealed());
    }
    draft.urls().addAll(entry.urls());
    draft.tags().addAll(entry.tags());
    return draft;
  }

  /**
   * Runs an item operation; a NOT_FOUND becomes "no item 'gitub' — did you mean 'github'?" using
   * the names the daemon lists (metadata only, no values).
   */
  static <T> T withSuggestion(
      final PersonaClient client,
      final String vault,
      final String item,
      final Supplier<T> operation) {
    try {
      return operation.get();
    } catch (final PersonaClientException e) {
      if (e.errorCode() != ErrorCode.NOT_FOUND) {
        throw e;
      }
      throw notFound(client, vault, item, e);
    }
  }

  static CliException notFound(
      final PersonaClient client, final String vault, final String item, final Throwable cause) {
    String suggestion = null;
    try {
      suggestion = DidYouMean.suggest(item, names(client, vault));
    } catch (final PersonaClientException ignored) {
      // No suggestion is better than hiding the real error behind a listing failure.
    }
    final String where = vault == null ? "" : " in vault '" + vault + "'";
    return new CliException(
        ExitCodes.NOT_FOUND,
        "NOT_FOUND",
        "no item '"
            + item
            + "'"
            + where
            + (suggestion == null || suggestion.equals(item)
                ? ""
                : " — did you mean '" + suggestion + "'?"),
        cause);
  }

  static List<String> names(final PersonaClient client, final String vault) {
    final List<String> names = new ArrayList<>();
    String after = null;
    do {
      final ItemPage page = client.listItems(vault, false, 500, after);
      for (final ItemEntry entry : page.items()) {
        names.add(entry.name());
      }
      after = page.nextAfterId();
    } while (after != null && !after.isEmpty() && names.size() < SUGGESTION_SCAN_LIMIT);
    return names;
  }
}
