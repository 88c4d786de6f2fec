package dev.persona.cli.command;

import dev.persona.cli.CliContext;
import picocli.CommandLine.Option;

/**
 * The {@code --vault} option of item, attach and ssh commands; defaults to {@code $PERSONA_VAULT},
 * then the daemon's default.
 */
public final class VaultOption {
  public static final String VAULT_ENV = "PERSONA_VAULT";

  @Option(
      names = "--vault",
      paramLabel = "VAULT",
      description = "Vault name or id (default: $PERSONA_VAULT, else the daemon's default vault).")
  String vault;

  /** The vault to send, or null for the daemon's default. */
  public String vault(final CliContext ctx) {
    if (vault != null && !vault.isBlank()) {
      return vault;
    }
    final String fromEnv = ctx.env(VAULT_ENV);
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
  }
}
