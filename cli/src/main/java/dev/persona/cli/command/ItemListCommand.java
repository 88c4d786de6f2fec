package dev.persona.cli.command;

import dev.persona.cli.CliContext;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.json.JsonWriter;
import dev.persona.cli.output.ItemView;
import dev.persona.cli.output.Table;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.ItemPage;
import dev.persona.schema.client.PersonaClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code persona item list}: names and metadata, never values. */
@Command(
    name = "list",
    aliases = "ls",
    description = "List items (metadata only, never values).",
    footer = {
      "",
      "Examples:",
      "  persona item list",
      "  persona item list --vault Work --trashed --format json"
    })
public final class ItemListCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Option(names = "--trashed", description = "Include items in the trash.")
  boolean trashed;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N items (default: all).",
      defaultValue = "0")
  int limit;

  @Override
  protected int run() {
    final PersonaClient client = ctx.daemon().client();
    final String vault = vaultOption.vault(ctx);
    final List<ItemEntry> items = new ArrayList<>();
    String after = null;
    do {
      final int pageSize = limit > 0 ? Math.min(500, limit - items.size()) : 500;
      final ItemPage page = client.listItems(vault, trashed, pageSize, after);
      items.addAll(page.items());
      after = page.nextAfterId();
    } while (after != null && !after.isEmpty() && (limit <= 0 || items.size() < limit));
    print(ctx, json(), items);
    return 0;
  }

  /** Shared with {@code item search}: {"items":[item...]} or a table. */
  static void print(final CliContext ctx, final boolean json, final List<ItemEntry> items) {
    if (json) {
      final JsonWriter writer = new JsonWriter(ctx.out()).beginObject().name("items").beginArray();
      for (final ItemEntry item : items) {
        ItemView.writeJson(writer, item, false);
      }
      writer.endArray().endObject();
      ctx.out().println();
    } else {
      final Table table = new Table("NAME", "TYPE", "VAULT", "UPDATED", "ID");
      for (final ItemEntry item : items) {
        table.row(
            item.name() + (item.trashed() ? " (trashed)" : ""),
            ItemView.typeName(item.type()),
            item.vault(),
            ItemView.time(item.updatedMs()),
            item.id());
      }
      table.print(ctx.out(), ctx.stdoutTerminal());
    }
  }
}
