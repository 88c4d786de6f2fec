package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code persona vault delete VAULT [--force]}. */
@Command(
    name = "delete",
    aliases = "rm",
    description =
        "Delete a vault; refused while it holds items unless --force (which destroys their keys).",
    footer = {"", "Examples:", "  persona vault delete Old", "  persona vault delete Old --force"})
public final class VaultDeleteCommand extends PersonaCommand {
  @Parameters(index = "0", paramLabel = "VAULT", description = "Vault name or id.")
  String vault;

  @Option(names = "--force", description = "Delete even if the vault still holds items.")
  boolean force;

  @Override
  protected int run() {
    // Deleting an ask or deny vault waits for approval: say so while it waits.
    ctx.daemon()
        .awaitingApproval(
            () -> {
              ctx.daemon().client().deleteVault(vault, force);
              return null;
            });
    if (json()) {
      jsonOut().beginObject().name("deleted").value(vault).endObject();
      endJson();
    } else {
      ctx.out().println("deleted vault '" + vault + "'");
    }
    return 0;
  }
}
