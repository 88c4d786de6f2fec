package dev.persona.cli.item;

import dev.persona.cli.json.JsonSyntaxException;
import dev.persona.cli.json.JsonText;
import dev.persona.cli.json.JsonValues;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code item add --from-json} document (schema in cli/README.md) into an {@link
 * ItemDraft}.
 *
 * <pre>{@code
 * {"name": "github", "type": "login",
 *  "fields": {"username": "alice", "password": "s3cret"},     // or [{"name":..,"value":..,"concealed":..}]
 *  "concealed": ["password"],                                  // optional; default: by field name
 *  "urls": ["https://github.com"], "tags": ["work"], "notes": "free text"}
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class ItemDraftJson {
  private static final Set<String> MEMBERS =
      Set.of("name", "type", "fields", "concealed", "urls", "tags", "notes");

  private ItemDraftJson() {}

  /** Converts a parsed JSON tree; the JsonText values in it are wiped by the caller afterwards. */
  public static ItemDraft fromJson(final Object tree) {
    final Map<String, Object> object = JsonValues.object(tree, "item");
    for (final String key : object.keySet()) {
      if (!MEMBERS.contains(key)) {
        throw new JsonSyntaxException(
            "item json: unknown member="
                + key
                + " (expected "
                + String.join(", ", MEMBERS.stream().sorted().toList())
                + ")");
      }
    }
    final String name = JsonValues.string(object, "name");
    if (name == null || name.isBlank()) {
      throw new JsonSyntaxException("item json: member=name is required");
    }
    final ItemDraft draft = new ItemDraft().name(name);
    final String type = JsonValues.string(object, "type");
    if (type != null) {
      try {
        draft.type(type);
      } catch (final IllegalArgumentException e) {
        throw new JsonSyntaxException(e.getMessage());
      }
    }
    final Set<String> concealed = new HashSet<>(JsonValues.strings(object, "concealed"));
    final boolean explicitConcealed = object.containsKey("concealed");
    final Object fields = object.get("fields");
    if (fields instanceof Map<?, ?>) {
      for (final Map.Entry<String, Object> entry : JsonValues.object(fields, "fields").entrySet()) {
        final JsonText value =
            JsonValues.text(orEmpty(entry.getValue()), "fields." + entry.getKey());
        final boolean hide =
            explicitConcealed
                ? concealed.contains(entry.getKey())
                : ItemDraft.concealedByDefault(entry.getKey());
        draft.field(entry.getKey(), value.toUtf8(), hide);
      }
    } else if (fields instanceof List<?>) {
      for (final Object element : JsonValues.array(fields, "fields")) {
        final Map<String, Object> field = JsonValues.object(element, "fields[]");
        final String fieldName = JsonValues.string(field, "name");
        if (fieldName == null || fieldName.isEmpty()) {
          throw new JsonSyntaxException("item json: member=fields[].name is required");
        }
        final JsonText value = JsonValues.text(field, "value");
        final boolean hide =
            field.containsKey("concealed")
                ? JsonValues.bool(field, "concealed", false)
                : concealed.contains(fieldName)
                    || (!explicitConcealed && ItemDraft.concealedByDefault(fieldName));
        draft.field(fieldName, value == null ? new byte[0] : value.toUtf8(), hide);
      }
    } else if (fields != null) {
      throw new JsonSyntaxException("item json: member=fields must be an object or an array");
    }
    final JsonText notes = JsonValues.text(object, "notes");
    if (notes != null) {
      draft.field("notes", notes.toUtf8(), concealed.contains("notes"));
    }
    draft.urls().addAll(JsonValues.strings(object, "urls"));
    draft.tags().addAll(JsonValues.strings(object, "tags"));
    return draft;
  }

  private static Object orEmpty(final Object value) {
    if (value == null) {
      return JsonText.of(new char[0]);
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw new JsonSyntaxException("item json: field values must be strings");
    }
    return value;
  }
}
