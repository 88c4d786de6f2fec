package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.VaultEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code persona vault create NAME}. */
@Command(
    name = "create",
    description = "Create a vault.",
    footer = {"", "Examples:", "  persona vault create Work"})
public final class VaultCreateCommand extends PersonaCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Name of the new vault.")
  String name;

  @Override
  protected int run() {
    final VaultEntry vault = ctx.daemon().client().createVault(name);
    if (json()) {
      VaultView.write(jsonOut(), vault);
      endJson();
    } else {
      ctx.out().println("created vault '" + vault.name() + "' (" + vault.id() + ")");
    }
    return 0;
  }
}
