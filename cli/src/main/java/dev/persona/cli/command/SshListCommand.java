package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.cli.json.JsonWriter;
import dev.persona.cli.output.Table;
import dev.persona.schema.client.SshKeyEntry;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code persona ssh list}. */
@Command(
    name = "list",
    aliases = "ls",
    description = "List SSH keys with their fingerprints and approval policy.",
    footer = {
      "",
      "Examples:",
      "  persona ssh list",
      "  persona ssh list --format json | jq -r '.keys[].publicKey'"
    })
public final class SshListCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Override
  protected int run() {
    final List<SshKeyEntry> keys = ctx.daemon().client().sshList(vaultOption.vault(ctx));
    if (json()) {
      final JsonWriter json = jsonOut().beginObject().name("keys").beginArray();
      for (final SshKeyEntry key : keys) {
        SshKeyView.write(json, key);
      }
      json.endArray().endObject();
      endJson();
    } else {
      final Table table = new Table("NAME", "TYPE", "FINGERPRINT", "APPROVAL", "VAULT");
      for (final SshKeyEntry key : keys) {
        table.row(
            key.name(),
            SshKeyView.typeName(key.type()) + (key.bits() > 0 ? "-" + key.bits() : ""),
            key.fingerprint(),
            key.policy() == null ? "allow" : SshKeyView.approvalName(key.policy().approval()),
            key.vault());
      }
      table.print(ctx.out(), ctx.stdoutTerminal());
    }
    return 0;
  }
}
