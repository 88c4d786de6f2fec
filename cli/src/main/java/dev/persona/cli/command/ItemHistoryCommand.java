package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.cli.json.JsonWriter;
import dev.persona.cli.output.ItemView;
import dev.persona.cli.output.Table;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.RevisionEntry;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code persona item history ITEM}: the item's revisions (restore one with {@code item restore
 * --revision}).
 */
@Command(
    name = "history",
    description =
        "List an item's revisions (restore one with `persona item restore ITEM --revision N`).",
    footer = {
      "",
      "Examples:",
      "  persona item history github",
      "  persona item history github --format json"
    })
public final class ItemHistoryCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", paramLabel = "ITEM", description = "Item name or id.")
  String item;

  @Override
  protected int run() {
    final String vault = vaultOption.vault(ctx);
    final PersonaClient client = ctx.daemon().client();
    final List<RevisionEntry> revisions =
        Items.withSuggestion(client, vault, item, () -> client.itemHistory(vault, item));
    if (json()) {
      final JsonWriter json = jsonOut().beginObject().name("revisions").beginArray();
      for (final RevisionEntry r : revisions) {
        json.beginObject()
            .name("revision")
            .value(r.revision())
            .name("updatedMs")
            .value(r.updatedMs())
            .name("trashed")
            .value(r.trashed())
            .endObject();
      }
      json.endArray().endObject();
      endJson();
    } else {
      final Table table = new Table("REVISION", "UPDATED", "STATE");
      for (final RevisionEntry r : revisions) {
        table.row(
            Long.toString(r.revision()),
            ItemView.time(r.updatedMs()),
            r.trashed() ? "trashed" : "");
      }
      table.print(ctx.out(), ctx.stdoutTerminal());
    }
    return 0;
  }
}
