package dev.persona.cli.command;

import dev.persona.cli.PasswordOptions;
import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.Acknowledgement;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code persona init}: creates the workspace (key hierarchy + first vault) under PERSONA_HOME. */
@Command(
    name = "init",
    description = "Create a new workspace with a first vault, protected by a master password.",
    footer = {
      "",
      "Examples:",
      "  persona init                                # prompts twice, without echo",
      "  persona init --password-stdin < pw.txt      # scripts",
      "  PERSONA_HOME=/tmp/p persona init --vault-name Work --password-file pw.txt"
    })
public final class InitCommand extends PersonaCommand {
  @Mixin PasswordOptions password;

  @Option(
      names = "--vault-name",
      paramLabel = "NAME",
      description = "Name of the first vault (default: ${DEFAULT-VALUE}).",
      defaultValue = "Personal")
  String vaultName;

  // Test-only knobs (DESIGN.md §3: tests use tiny Argon2 parameters through an explicit setting); 0
  // = calibrate.
  @Option(names = "--kdf-memory-kib", hidden = true, defaultValue = "0")
  int kdfMemoryKib;

  @Option(names = "--kdf-iterations", hidden = true, defaultValue = "0")
  int kdfIterations;

  @Option(names = "--kdf-parallelism", hidden = true, defaultValue = "0")
  int kdfParallelism;

  @Override
  protected int run() throws Exception {
    final char[] secret = password.read(ctx, "New master password", true);
    final Acknowledgement ack;
    try {
      ack =
          ctx.daemon()
              .client()
              .init(secret, vaultName, kdfMemoryKib, kdfIterations, kdfParallelism);
    } finally {
      Arrays.fill(secret, '\0');
    }
    if (json()) {
      jsonOut()
          .beginObject()
          .name("initialized")
          .value(true)
          .name("vault")
          .value(vaultName)
          .name("vaultId")
          .value(ack.id())
          .name("dataDir")
          .value(ctx.paths().home().toString())
          .endObject();
      endJson();
    } else {
      ctx.out().println("initialized " + ctx.paths().home() + " with vault '" + vaultName + "'");
    }
    return 0;
  }
}
