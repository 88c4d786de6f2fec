package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.json.JsonWriter;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.ItemPage;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.fb.ItemType;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code persona export --to bitwarden-json|keepassxc-csv -o FILE}: every item of a vault, values
 * revealed (a high-risk operation the daemon may ask approval for), written to a new 0600 file in
 * Bitwarden's unencrypted JSON format or KeePassXC's CSV (the columns its {@code Database → Import
 * → CSV} and our own importer read; fields beyond them are counted as left out, not dropped
 * silently).
 */
@Command(
    name = "export",
    description =
        "Export a vault's items, with their values, to a Bitwarden JSON or KeePassXC CSV file"
            + " (created 0600).",
    footer = {
      "",
      "Examples:",
      "  persona export --to bitwarden-json -o persona.json",
      "  persona export --to bitwarden-json -o work.json --vault Work",
      "  persona export --to keepassxc-csv -o persona.csv",
      "",
      "The file holds every secret in clear: keep it safe and delete it when done."
    })
public final class ExportCommand extends PersonaCommand {
  private static final Set<String> LOGIN_FIELDS = Set.of("username", "password", "totp", "notes");

  @Mixin VaultOption vaultOption;

  @Option(
      names = "--to",
      paramLabel = "FORMAT",
      description = "bitwarden-json or keepassxc-csv (default: ${DEFAULT-VALUE}).",
      defaultValue = "bitwarden-json")
  String to;

  @Option(
      names = {"-o", "--out-file"},
      required = true,
      paramLabel = "FILE",
      description = "New file to write (never overwritten).")
  Path out;

  @Override
  protected int run() throws Exception {
    final boolean csv = to.equalsIgnoreCase("keepassxc-csv");
    if (!csv && !to.equalsIgnoreCase("bitwarden-json")) {
      throw CliException.badInput("unknown --to '" + to + "' (bitwarden-json, keepassxc-csv)");
    }
    final PersonaClient client = ctx.daemon().client();
    final String vault = vaultOption.vault(ctx);
    final List<ItemEntry> summaries = new ArrayList<>();
    String after = null;
    do {
      final ItemPage page = client.listItems(vault, false, 500, after);
      summaries.addAll(page.items());
      after = page.nextAfterId();
    } while (after != null && !after.isEmpty());
    Files.createFile(
        out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    int count = 0;
    int leftOut = 0;
    try (Writer writer =
        new OutputStreamWriter(
            Files.newOutputStream(out, StandardOpenOption.WRITE), StandardCharsets.UTF_8)) {
      final Map<String, String> folders = new LinkedHashMap<>();
      final JsonWriter json = csv ? null : new JsonWriter(writer);
      if (csv) {
        writer.write(KeePassXcCsvRows.HEADER);
      } else {
        json.beginObject().name("encrypted").value(false).name("items").beginArray();
      }
      for (final ItemEntry summary : summaries) {
        final ItemEntry item =
            ctx.daemon()
                .awaitingApproval(() -> client.getItem(summary.vault(), summary.id(), true));
        try {
          if (csv) {
            leftOut += KeePassXcCsvRows.write(writer, item);
          } else {
            writeItem(json, item, folders);
          }
          count++;
        } finally {
          item.wipe();
        }
      }
      if (!csv) {
        json.endArray().name("folders").beginArray();
        for (final Map.Entry<String, String> folder : folders.entrySet()) {
          json.beginObject()
              .name("id")
              .value(folder.getValue())
              .name("name")
              .value(folder.getKey())
              .endObject();
        }
        json.endArray().endObject();
        writer.write('\n');
      }
    }
    if (json()) {
      jsonOut()
          .beginObject()
          .name("file")
          .value(out.toString())
          .name("items")
          .value(count)
          .name("fieldsLeftOut")
          .value(leftOut)
          .endObject();
      endJson();
    } else {
      ctx.out()
          .println("exported " + count + " items to " + out + " (mode 0600; delete it when done)");
      if (leftOut > 0) {
        ctx.err()
            .println(
                "persona: "
                    + leftOut
                    + " fields, extra URLs or tags have no KeePassXC CSV column and were left out"
                    + " (use --to bitwarden-json to keep them)");
      }
    }
    return 0;
  }

  private static void writeItem(
      final JsonWriter json, final ItemEntry item, final Map<String, String> folders) {
    final boolean login = item.type() == ItemType.LOGIN;
    json.beginObject()
        .name("id")
        .value(item.id())
        .name("type")
        .value(login ? 1 : 2)
        .name("name")
        .value(item.name());
    if (!item.tags().isEmpty()) {
      final String folderId =
          folders.computeIfAbsent(item.tags().get(0), tag -> "folder-" + (folders.size() + 1));
      json.name("folderId").value(folderId);
    }
    json.name("notes");
    value(json, find(item, "notes"));
    if (login) {
      json.name("login").beginObject().name("username");
      value(json, find(item, "username"));
      json.name("password");
      value(json, find(item, "password"));
      json.name("totp");
      value(json, find(item, "totp"));
      json.name("uris").beginArray();
      for (final String url : item.urls()) {
        json.beginObject().name("uri").value(url).endObject();
      }
      json.endArray().endObject();
    } else {
      json.name("secureNote").beginObject().name("type").value(0).endObject();
    }
    json.name("fields").beginArray();
    for (final FieldEntry field : item.fields()) {
      if (login ? LOGIN_FIELDS.contains(field.name()) : field.name().equals("notes")) {
        continue;
      }
      json.beginObject().name("name").value(field.name()).name("value");
      value(json, field);
      json.name("type").value(field.concealed() ? 1 : 0).endObject();
    }
    json.endArray().endObject();
  }

  private static FieldEntry find(final ItemEntry item, final String name) {
    for (final FieldEntry field : item.fields()) {
      if (field.name().equals(name)) {
        return field;
      }
    }
    return null;
  }

  private static void value(final JsonWriter json, final FieldEntry field) {
    if (field == null || field.value() == null || field.value().length == 0) {
      json.nullValue();
    } else if (!json.utf8Value(field.value())) {
      json.base64Value(field.value());
    }
  }
}
