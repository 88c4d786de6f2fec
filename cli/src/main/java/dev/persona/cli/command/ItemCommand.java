package dev.persona.cli.command;

import picocli.CommandLine.Command;

/** {@code persona item add|get|edit|rm|restore|list|search|history}. */
@Command(
    name = "item",
    description = "Manage items (logins, notes, API credentials, SSH keys).",
    synopsisSubcommandLabel = "COMMAND",
    footer = {
      "",
      "Examples:",
      "  echo '{\"name\":\"github\",\"fields\":{\"username\":\"me\",\"password\":\"s3cret\"}}' | persona item add --from-json -",
      "  persona item get github",
      "  persona item list --vault Work"
    })
public final class ItemCommand extends GroupCommand {
  public ItemCommand() {
    super(
        ItemAddCommand.class,
        ItemGetCommand.class,
        ItemEditCommand.class,
        ItemRmCommand.class,
        ItemRestoreCommand.class,
        ItemListCommand.class,
        ItemSearchCommand.class,
        ItemHistoryCommand.class);
  }
}
