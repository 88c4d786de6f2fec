package dev.persona.cli.output;

import dev.persona.cli.json.JsonWriter;
import dev.persona.schema.client.AttachmentEntry;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.fb.ItemType;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Renders an item for {@code item get|list|search}: the stable JSON schema of cli/README.md, or
 * text for people. A concealed field's value is shown only with reveal; a value that is not UTF-8
 * goes to {@code valueBase64}.
 *
 * <p>Stateless; thread-safe.
 */
public final class ItemView {
  public static final String HIDDEN = "********";

  private ItemView() {}

  public static void writeJson(final JsonWriter json, final ItemEntry item, final boolean reveal) {
    json.beginObject()
        .name("id")
        .value(item.id())
        .name("vault")
        .value(item.vault())
        .name("name")
        .value(item.name())
        .name("type")
        .value(typeName(item.type()))
        .name("revision")
        .value(item.revision())
        .name("createdMs")
        .value(item.createdMs())
        .name("updatedMs")
        .value(item.updatedMs())
        .name("trashed")
        .value(item.trashed());
    json.name("fields").beginArray();
    for (final FieldEntry field : item.fields()) {
      json.beginObject()
          .name("name")
          .value(field.name())
          .name("concealed")
          .value(field.concealed());
      final boolean show =
          (reveal || !field.concealed()) && field.value() != null && field.value().length > 0;
      if (show) {
        json.name("value");
        if (!json.utf8Value(field.value())) {
          json.nullValue().name("valueBase64").base64Value(field.value());
        }
      }
      json.endObject();
    }
    json.endArray();
    json.name("urls").beginArray();
    for (final String url : item.urls()) {
      json.value(url);
    }
    json.endArray().name("tags").beginArray();
    for (final String tag : item.tags()) {
      json.value(tag);
    }
    json.endArray().name("attachments").beginArray();
    for (final AttachmentEntry a : item.attachments()) {
      json.beginObject()
          .name("id")
          .value(a.id())
          .name("name")
          .value(a.name())
          .name("length")
          .value(a.length())
          .name("sha256")
          .value(a.sha256() == null ? null : HexFormat.of().formatHex(a.sha256()))
          .name("contentType")
          .value(a.contentType())
          .name("createdMs")
          .value(a.createdMs())
          .endObject();
    }
    json.endArray().endObject();
  }

  public static void printText(final PrintStream out, final ItemEntry item, final boolean reveal) {
    out.println("name:      " + item.name());
    out.println("id:        " + item.id());
    out.println("vault:     " + item.vault());
    out.println("type:      " + typeName(item.type()));
    out.println("revision:  " + item.revision() + (item.trashed() ? " (in trash)" : ""));
    out.println("updated:   " + time(item.updatedMs()));
    if (!item.urls().isEmpty()) {
      out.println("urls:      " + String.join(" ", item.urls()));
    }
    if (!item.tags().isEmpty()) {
      out.println("tags:      " + String.join(", ", item.tags()));
    }
    int width = 0;
    for (final FieldEntry field : item.fields()) {
      width = Math.max(width, field.name().length());
    }
    if (!item.fields().isEmpty()) {
      out.println("fields:");
    }
    boolean anyHidden = false;
    for (final FieldEntry field : item.fields()) {
      out.print("  " + field.name() + " ".repeat(width - field.name().length() + 2));
      final boolean present = field.value() != null && field.value().length > 0;
      if (field.concealed() && !reveal) {
        out.println(HIDDEN);
        anyHidden = true;
      } else if (!present) {
        out.println(field.concealed() ? HIDDEN : "(not shown; --reveal to read values)");
      } else {
        out.write(field.value(), 0, field.value().length);
        out.println();
      }
    }
    for (final AttachmentEntry a : item.attachments()) {
      out.println("attachment: " + a.name() + " (" + a.length() + " bytes)");
    }
    if (anyHidden) {
      out.println("(concealed values hidden; add --reveal to show them)");
    }
  }

  public static String typeName(final int type) {
    return type >= 0 && type < ItemType.names.length
        ? ItemType.name(type).toLowerCase(Locale.ROOT)
        : "type_" + type;
  }

  public static String time(final long epochMs) {
    return epochMs <= 0 ? "-" : Instant.ofEpochMilli(epochMs).toString();
  }
}
