package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.SshKeyEntry;
import dev.persona.schema.fb.SshKeyType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code persona ssh keygen --name NAME [--type ed25519|ecdsa|rsa]}: the private key is born in the
 * daemon.
 */
@Command(
    name = "keygen",
    description =
        "Generate an SSH key inside the daemon (the private key never leaves it); prints the public key.",
    footer = {
      "",
      "Examples:",
      "  persona ssh keygen --name deploy",
      "  persona ssh keygen --name legacy --type rsa --bits 4096 --vault Work --comment ci@example.org"
    })
public final class SshKeygenCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Key name.")
  String name;

  @Option(
      names = {"-t", "--type"},
      paramLabel = "TYPE",
      description = "ed25519, ecdsa or rsa (default: ${DEFAULT-VALUE}).",
      defaultValue = "ed25519")
  String type;

  @Option(
      names = {"-b", "--bits"},
      paramLabel = "BITS",
      description = "Key size: ecdsa 256/384/521, rsa 2048..8192 (default: the type's).",
      defaultValue = "0")
  int bits;

  @Option(
      names = {"-C", "--comment"},
      paramLabel = "COMMENT",
      description = "Comment in the public key line (default: the name).")
  String comment;

  @Override
  protected int run() {
    final SshKeyEntry key =
        ctx.daemon()
            .client()
            .sshKeygen(
                name,
                keyType(type),
                bits,
                vaultOption.vault(ctx),
                comment == null ? name : comment);
    if (json()) {
      SshKeyView.write(jsonOut(), key);
      endJson();
    } else {
      ctx.out().println(key.publicKey());
      ctx.err().println("# " + key.fingerprint() + " " + key.name());
    }
    return 0;
  }

  static int keyType(final String type) {
    return switch (type.toLowerCase(java.util.Locale.ROOT)) {
      case "ed25519", "ssh-ed25519" -> SshKeyType.ED25519;
      case "ecdsa", "ecdsa-sha2-nistp256" -> SshKeyType.ECDSA;
      case "rsa", "ssh-rsa" -> SshKeyType.RSA;
      default ->
          throw CliException.badInput("unknown key type '" + type + "' (ed25519, ecdsa, rsa)");
    };
  }
}
