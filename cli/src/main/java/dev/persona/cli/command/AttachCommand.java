package dev.persona.cli.command;

import picocli.CommandLine.Command;

/** {@code persona attach put|get|rm}. */
@Command(
    name = "attach",
    description = "Manage file attachments of items (encrypted, streamed in chunks).",
    synopsisSubcommandLabel = "COMMAND",
    footer = {
      "",
      "Examples:",
      "  persona attach put server id_rsa.pem",
      "  persona attach get server id_rsa.pem -o key.pem"
    })
public final class AttachCommand extends GroupCommand {
  public AttachCommand() {
    super(AttachPutCommand.class, AttachGetCommand.class, AttachRmCommand.class);
  }
}
