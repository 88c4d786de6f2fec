package dev.persona.cli.command;

import picocli.CommandLine.Command;

/** {@code persona ssh keygen|import|list|export|rm|policy}. */
@Command(
    name = "ssh",
    description = "Manage SSH keys served by the Persona agent.",
    synopsisSubcommandLabel = "COMMAND",
    footer = {
      "",
      "Examples:",
      "  persona ssh keygen --name deploy",
      "  persona ssh export deploy >> ~/.ssh/authorized_keys",
      "  persona ssh policy deploy --approval ask --allow-exe /usr/bin/git"
    })
public final class SshCommand extends GroupCommand {
  public SshCommand() {
    super(
        SshKeygenCommand.class,
        SshImportCommand.class,
        SshListCommand.class,
        SshExportCommand.class,
        SshRmCommand.class,
        SshPolicyCommand.class);
  }
}
