package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code persona ssh rm KEY}. */
@Command(
    name = "rm",
    aliases = "delete",
    description = "Delete an SSH key (the agent stops offering it at once).",
    footer = {"", "Examples:", "  persona ssh rm old-laptop"})
public final class SshRmCommand extends PersonaCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "Key name, id or fingerprint.")
  String key;

  @Override
  protected int run() {
    ctx.daemon()
        .awaitingApproval(
            () -> {
              ctx.daemon().client().sshDelete(key);
              return key;
            });
    if (json()) {
      jsonOut().beginObject().name("deleted").value(key).endObject();
      endJson();
    } else {
      ctx.out().println("deleted ssh key '" + key + "'");
    }
    return 0;
  }
}
