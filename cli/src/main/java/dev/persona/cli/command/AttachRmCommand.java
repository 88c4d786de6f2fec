package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.PersonaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code persona attach rm ITEM ATTACHMENT}. */
@Command(
    name = "rm",
    aliases = "delete",
    description = "Delete an attachment.",
    footer = {"", "Examples:", "  persona attach rm server old-key.pem"})
public final class AttachRmCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", paramLabel = "ITEM", description = "Item name or id.")
  String item;

  @Parameters(index = "1", paramLabel = "ATTACHMENT", description = "Attachment name or id.")
  String attachment;

  @Override
  protected int run() {
    final String vault = vaultOption.vault(ctx);
    final PersonaClient client = ctx.daemon().client();
    ctx.daemon()
        .awaitingApproval(
            () -> {
              client.deleteAttachment(vault, item, attachment);
              return null;
            });
    if (json()) {
      jsonOut().beginObject().name("deleted").value(attachment).endObject();
      endJson();
    } else {
      ctx.out().println("deleted attachment '" + attachment + "' of '" + item + "'");
    }
    return 0;
  }
}
