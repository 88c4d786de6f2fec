package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.schema.fb.TokenScope;
import picocli.CommandLine.Option;

/**
 * What an access token may do and for how long: the options {@code persona unlock --print-token}
 * and {@code persona token issue} share. Durations of 0 (absent) take the daemon's defaults.
 */
public final class TokenScopeOptions {
  @Option(
      names = "--scope",
      paramLabel = "SCOPE",
      defaultValue = "full",
      description =
          "What the token may do: full, read-only (nothing that changes the vault),"
              + " ssh-only (list, export and sign with SSH keys) (default: ${DEFAULT-VALUE}).")
  String scope;

  @Option(
      names = "--vault",
      paramLabel = "VAULT",
      description = "Limit the token to this one vault (default: every vault).")
  String vault;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      description = "Lifetime, e.g. 30m, 8h, 2d (default: the daemon's, 8h).")
  String ttl;

  @Option(
      names = "--idle",
      paramLabel = "DURATION",
      description = "The token dies when unused this long, e.g. 15m (default: the daemon's, 15m).")
  String idle;

  /** The scope as a {@link TokenScope} value. */
  int scope() {
    return parseScope(scope);
  }

  String vault() {
    return vault == null || vault.isBlank() ? null : vault;
  }

  long ttlMs() {
    return ttl == null ? 0 : positive(Durations.parseMs(ttl), "--ttl");
  }

  long idleMs() {
    return idle == null ? 0 : positive(Durations.parseMs(idle), "--idle");
  }

  private static long positive(final long ms, final String option) {
    if (ms <= 0) {
      throw CliException.badInput(option + " must be longer than 0");
    }
    return ms;
  }

  static int parseScope(final String scope) {
    return switch (scope.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
      case "full" -> TokenScope.FULL;
      case "read-only", "readonly", "ro" -> TokenScope.READ_ONLY;
      case "ssh-only", "ssh" -> TokenScope.SSH_ONLY;
      default ->
          throw CliException.badInput(
              "unknown token scope '" + scope + "' (full, read-only, ssh-only)");
    };
  }
}
