package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.cli.json.JsonWriter;
import dev.persona.cli.output.ItemView;
import dev.persona.cli.output.Table;
import dev.persona.schema.client.VaultEntry;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code persona vault list}. */
@Command(
    name = "list",
    aliases = "ls",
    description = "List vaults with their item counts and policies.",
    footer = {
      "",
      "Examples:",
      "  persona vault list",
      "  persona vault list --format json | jq -r '.vaults[].name'"
    })
public final class VaultListCommand extends PersonaCommand {
  @Override
  protected int run() {
    final List<VaultEntry> vaults = ctx.daemon().client().listVaults();
    if (json()) {
      final JsonWriter json = jsonOut().beginObject().name("vaults").beginArray();
      for (final VaultEntry vault : vaults) {
        VaultView.write(json, vault);
      }
      json.endArray().endObject();
      endJson();
    } else {
      final Table table = new Table("NAME", "ITEMS", "POLICY", "ID", "CREATED");
      for (final VaultEntry vault : vaults) {
        table.row(
            vault.name(),
            Integer.toString(vault.itemCount()),
            VaultPolicyCommand.summary(VaultView.policyOf(vault)),
            vault.id(),
            ItemView.time(vault.createdMs()));
      }
      table.print(ctx.out(), ctx.stdoutTerminal());
    }
    return 0;
  }
}
