package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PasswordOptions;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.output.ItemView;
import dev.persona.schema.client.UnlockResult;
import dev.persona.schema.fb.TokenScope;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code persona unlock}: derives the unlock key in the daemon; optionally issues a scoped session
 * token.
 */
@Command(
    name = "unlock",
    description =
        "Unlock the vault in the daemon (it stays unlocked until `persona lock` or auto-lock).",
    footer = {
      "",
      "Examples:",
      "  persona unlock",
      "  persona unlock --password-stdin < pw.txt",
      "  eval \"$(persona unlock --token --token-scope read-only --token-ttl 8h)\"   # PERSONA_SESSION for CI"
    })
public final class UnlockCommand extends PersonaCommand {
  @Mixin PasswordOptions password;

  @Option(
      names = "--token",
      description = "Also issue a scoped session token and print it as shell exports.")
  boolean token;

  @Option(
      names = "--token-scope",
      paramLabel = "SCOPE",
      description = "Token scope: full, read-only, ssh-only (default: ${DEFAULT-VALUE}).",
      defaultValue = "full")
  String tokenScope;

  @Option(
      names = "--token-vault",
      paramLabel = "VAULT",
      description = "Limit the token to one vault.")
  String tokenVault;

  @Option(
      names = "--token-ttl",
      paramLabel = "DURATION",
      description = "Token lifetime, e.g. 30m, 8h, 2d (default: the daemon's).")
  String tokenTtl;

  @Override
  protected int run() throws Exception {
    final int scope = scope(tokenScope);
    final long ttlMs = tokenTtl == null ? 0 : Durations.parseMs(tokenTtl);
    final char[] secret = password.read(ctx, "Master password", false);
    final UnlockResult result;
    try {
      result = ctx.daemon().client().unlock(secret, token, scope, tokenVault, ttlMs, 0);
    } finally {
      Arrays.fill(secret, '\0');
    }
    try {
      final boolean hasToken = result.token() != null && result.token().length > 0;
      if (json()) {
        final var json =
            jsonOut()
                .beginObject()
                .name("locked")
                .value(false)
                .name("lockAtMs")
                .value(result.lockAtMs());
        if (hasToken) {
          json.name("token");
          json.utf8Value(result.token());
          json.name("tokenId")
              .value(result.tokenId())
              .name("tokenExpiresMs")
              .value(result.tokenExpiresMs());
        }
        json.endObject();
        endJson();
      } else if (hasToken) {
        // Shell syntax like ssh-agent -s, so `eval "$(persona unlock --token)"` works; status goes
        // to stderr.
        ctx.out().print("PERSONA_SESSION=");
        ctx.out().write(result.token(), 0, result.token().length);
        ctx.out().println("; export PERSONA_SESSION;");
        ctx.err()
            .println(
                "unlocked; token "
                    + result.tokenId()
                    + " expires "
                    + ItemView.time(result.tokenExpiresMs()));
      } else {
        ctx.out()
            .println(
                "unlocked"
                    + (result.lockAtMs() > 0
                        ? " (auto-lock at " + ItemView.time(result.lockAtMs()) + ")"
                        : ""));
      }
    } finally {
      if (result.token() != null) {
        Arrays.fill(result.token(), (byte) 0);
      }
    }
    return 0;
  }

  static int scope(final String scope) {
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
