package dev.persona.cli.command;

import dev.persona.cli.PasswordOptions;
import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.SshKeyEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code persona ssh import FILE --name NAME}: moves an existing private key into the vault. */
@Command(
    name = "import",
    description = "Import an OpenSSH or PEM private key file into the vault.",
    footer = {
      "",
      "Examples:",
      "  persona ssh import ~/.ssh/id_ed25519 --name laptop",
      "  persona ssh import old_rsa --name legacy --passphrase     # prompts for the key's passphrase",
      "  persona ssh import key --name ci --passphrase --password-stdin < passphrase.txt"
    })
public final class SshImportCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", paramLabel = "FILE", description = "Private key file.")
  Path file;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Key name.")
  String name;

  @Option(
      names = {"-C", "--comment"},
      paramLabel = "COMMENT",
      description = "Comment (default: the file's, else the name).")
  String comment;

  @Option(
      names = "--passphrase",
      description =
          "The key file is encrypted: read its passphrase (prompt, --password-stdin or --password-file).")
  boolean encrypted;

  @Mixin PasswordOptions passphraseSource;

  @Override
  protected int run() throws Exception {
    final byte[] keyFile = Files.readAllBytes(file);
    char[] passphrase = null;
    final SshKeyEntry key;
    try {
      if (encrypted) {
        passphrase = passphraseSource.read(ctx, "Passphrase for " + file, false);
      }
      key =
          ctx.daemon()
              .client()
              .sshImport(name, vaultOption.vault(ctx), keyFile, passphrase, comment);
    } finally {
      Arrays.fill(keyFile, (byte) 0);
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
    if (json()) {
      SshKeyView.write(jsonOut(), key);
      endJson();
    } else {
      ctx.out().println("imported " + key.name() + " " + key.fingerprint());
    }
    return 0;
  }
}
