package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.Acknowledgement;
import dev.persona.schema.client.PersonaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code persona item rm ITEM [--purge]}: to the trash (restorable), or destroyed with its key. */
@Command(
    name = "rm",
    aliases = "delete",
    description =
        "Move an item to the trash (restorable), or --purge it for good (its key is destroyed).",
    footer = {"", "Examples:", "  persona item rm github", "  persona item rm github --purge"})
public final class ItemRmCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", paramLabel = "ITEM", description = "Item name or id.")
  String item;

  @Option(names = "--purge", description = "Delete permanently instead of moving to the trash.")
  boolean purge;

  @Override
  protected int run() {
    final String vault = vaultOption.vault(ctx);
    final PersonaClient client = ctx.daemon().client();
    final Acknowledgement ack =
        Items.withSuggestion(
            client,
            vault,
            item,
            () ->
                ctx.daemon()
                    .awaitingApproval(
                        () ->
                            purge ? client.purgeItem(vault, item) : client.trashItem(vault, item)));
    if (json()) {
      jsonOut()
          .beginObject()
          .name("id")
          .value(ack.id())
          .name("revision")
          .value(ack.revision())
          .name("purged")
          .value(purge)
          .endObject();
      endJson();
    } else {
      ctx.out()
          .println(
              purge
                  ? "purged item '" + item + "'"
                  : "moved item '" + item + "' to the trash (persona item restore " + item + ")");
    }
    return 0;
  }
}
