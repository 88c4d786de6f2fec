package dev.persona.cli.command;

import picocli.CommandLine.Command;

/** {@code persona vault list|create|rename|delete|policy}. */
@Command(
    name = "vault",
    description = "Manage vaults (named groups of items, each with its own key).",
    synopsisSubcommandLabel = "COMMAND",
    footer = {
      "",
      "Examples:",
      "  persona vault list",
      "  persona vault create Work",
      "  persona vault rename Work Job",
      "  persona vault policy Work --approval ask"
    })
public final class VaultCommand extends GroupCommand {
  public VaultCommand() {
    super(
        VaultListCommand.class,
        VaultCreateCommand.class,
        VaultRenameCommand.class,
        VaultDeleteCommand.class,
        VaultPolicyCommand.class);
  }
}
