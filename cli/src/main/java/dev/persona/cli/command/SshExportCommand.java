package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.SshKeyEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code persona ssh export NAME}: the public key line (authorized_keys format). */
@Command(
    name = "export",
    description =
        "Print a key's public key line (authorized_keys format). Private keys are never exported here.",
    footer = {
      "",
      "Examples:",
      "  persona ssh export deploy",
      "  persona ssh export deploy | ssh host 'cat >> ~/.ssh/authorized_keys'"
    })
public final class SshExportCommand extends PersonaCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "Key name, id or fingerprint.")
  String key;

  @Override
  protected int run() {
    final SshKeyEntry entry = ctx.daemon().client().sshExportPublic(key);
    if (json()) {
      SshKeyView.write(jsonOut(), entry);
      endJson();
    } else {
      ctx.out().println(entry.publicKey());
    }
    return 0;
  }
}
