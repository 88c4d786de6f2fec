package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code persona item restore ITEM [--revision N]}: out of the trash, or back to an old revision.
 */
@Command(
    name = "restore",
    description =
        "Restore an item from the trash, or restore an old revision (see `item history`).",
    footer = {
      "",
      "Examples:",
      "  persona item restore github",
      "  persona item restore github --revision 3"
    })
public final class ItemRestoreCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", paramLabel = "ITEM", description = "Item name or id.")
  String item;

  @Option(
      names = "--revision",
      paramLabel = "N",
      description = "Restore this revision's content as a new revision.")
  Long revision;

  @Override
  protected int run() {
    final String vault = vaultOption.vault(ctx);
    final PersonaClient client = ctx.daemon().client();
    final String id;
    final long newRevision;
    if (revision == null) {
      final var ack =
          Items.withSuggestion(client, vault, item, () -> restoreFromTrash(client, vault, item));
      id = ack.id();
      newRevision = ack.revision();
    } else {
      final ItemEntry current =
          Items.withSuggestion(client, vault, item, () -> client.getItem(vault, item, false));
      final ItemEntry restored =
          client.restoreRevision(vault, current.id(), revision, current.revision());
      restored.wipe();
      id = restored.id();
      newRevision = restored.revision();
    }
    if (json()) {
      jsonOut().beginObject().name("id").value(id).name("revision").value(newRevision).endObject();
      endJson();
    } else {
      ctx.out()
          .println(
              "restored item '"
                  + item
                  + "'"
                  + (revision == null ? "" : " from revision " + revision)
                  + " (now revision "
                  + newRevision
                  + ")");
    }
    return 0;
  }

  /**
   * Restores by id or name; a trashed item is not in the daemon's name index, so a name that is not
   * found is looked up among the trashed items and restored by id. Several trashed items may share
   * the name (trash one, create another, trash that): the one trashed last is restored, as an undo
   * of the last {@code rm} would.
   */
  static dev.persona.schema.client.Acknowledgement restoreFromTrash(
      final PersonaClient client, final String vault, final String item) {
    try {
      return client.restoreItem(vault, item);
    } catch (final dev.persona.schema.client.PersonaClientException e) {
      if (e.errorCode() != dev.persona.schema.fb.ErrorCode.NOT_FOUND) {
        throw e;
      }
      ItemEntry latest = null;
      String after = null;
      do {
        final var page = client.listItems(vault, true, 500, after);
        for (final ItemEntry entry : page.items()) {
          if (entry.trashed()
              && entry.name().equals(item)
              && (latest == null || entry.updatedMs() > latest.updatedMs())) {
            latest = entry;
          }
        }
        after = page.nextAfterId();
      } while (after != null && !after.isEmpty());
      if (latest == null) {
        throw e;
      }
      return client.restoreItem(vault == null ? latest.vault() : vault, latest.id());
    }
  }
}
