package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.output.ItemView;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code persona item get ITEM}: concealed values masked unless {@code --reveal}; {@code --field}
 * prints one.
 */
@Command(
    name = "get",
    aliases = "show",
    description =
        "Show an item. Concealed values stay hidden unless --reveal; --field prints one raw value.",
    footer = {
      "",
      "Examples:",
      "  persona item get github",
      "  persona item get github --reveal --format json",
      "  persona item get github --field password | xclip     # one value, like `persona read`"
    })
public final class ItemGetCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", paramLabel = "ITEM", description = "Item name or id.")
  String item;

  @Option(
      names = "--reveal",
      description = "Show concealed values (a high-risk operation; may need approval).")
  boolean reveal;

  @Option(
      names = "--field",
      paramLabel = "FIELD",
      description = "Print only this field's value, raw, with a newline.")
  String field;

  @Override
  protected int run() {
    final String vault = vaultOption.vault(ctx);
    final PersonaClient client = ctx.daemon().client();
    final boolean wantValues = reveal || field != null;
    final ItemEntry entry =
        Items.withSuggestion(
            client,
            vault,
            item,
            () -> ctx.daemon().awaitingApproval(() -> client.getItem(vault, item, wantValues)));
    try {
      if (field != null) {
        for (final FieldEntry f : entry.fields()) {
          if (f.name().equals(field)) {
            if (json()) {
              final var json = jsonOut().beginObject().name("name").value(f.name()).name("value");
              if (!json.utf8Value(f.value())) {
                json.nullValue().name("valueBase64").base64Value(f.value());
              }
              json.endObject();
              endJson();
            } else {
              ctx.out().write(f.value(), 0, f.value().length);
              ctx.out().println();
            }
            return 0;
          }
        }
        final java.util.List<String> names = entry.fields().stream().map(FieldEntry::name).toList();
        final String suggestion = dev.persona.cli.output.DidYouMean.suggest(field, names);
        throw CliException.notFound(
            "item '"
                + entry.name()
                + "' has no field '"
                + field
                + "'"
                + (suggestion == null
                    ? " (fields: " + String.join(", ", names) + ")"
                    : " — did you mean '" + suggestion + "'?"));
      }
      if (json()) {
        ItemView.writeJson(jsonOut(), entry, reveal);
        endJson();
      } else {
        ItemView.printText(ctx.out(), entry, reveal);
      }
    } finally {
      entry.wipe();
    }
    return 0;
  }
}
