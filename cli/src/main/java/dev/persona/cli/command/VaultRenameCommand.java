package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.VaultEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code persona vault rename VAULT NEW_NAME}. */
@Command(
    name = "rename",
    description = "Rename a vault (references persona://OLD/... stop resolving).",
    footer = {"", "Examples:", "  persona vault rename Work Job"})
public final class VaultRenameCommand extends PersonaCommand {
  @Parameters(index = "0", paramLabel = "VAULT", description = "Vault name or id.")
  String vault;

  @Parameters(index = "1", paramLabel = "NEW_NAME", description = "Its new name.")
  String newName;

  @Override
  protected int run() {
    // Renaming an ask or deny vault waits for approval: say so while it waits.
    final VaultEntry renamed =
        ctx.daemon().awaitingApproval(() -> ctx.daemon().client().renameVault(vault, newName));
    if (json()) {
      VaultView.write(jsonOut(), renamed);
      endJson();
    } else {
      ctx.out().println("renamed vault '" + vault + "' to '" + renamed.name() + "'");
    }
    return 0;
  }
}
