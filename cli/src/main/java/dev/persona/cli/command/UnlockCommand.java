package dev.persona.cli.command;

import dev.persona.cli.PasswordOptions;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.output.ItemView;
import dev.persona.schema.client.UnlockResult;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code persona unlock}: derives the unlock key in the daemon; with {@code --print-token} also
 * issues a scoped access token and prints it, once, alone on stdout.
 */
@Command(
    name = "unlock",
    description =
        "Unlock the vault in the daemon (it stays unlocked until `persona lock` or auto-lock).",
    footer = {
      "",
      "With --print-token the daemon also issues an access token (bound to your uid, scoped, expiring,",
      "dropped when the vault locks) and the token alone is printed on stdout. Commands present it",
      "from $PERSONA_TOKEN or --token-file; a daemon started with -Dpersona.require.token=true needs",
      "one for everything but status, unlock and lock.",
      "",
      "Examples:",
      "  persona unlock",
      "  persona unlock --password-stdin < pw.txt",
      "  persona unlock --print-token --scope read-only --ttl 8h --idle 15m",
      "  export PERSONA_TOKEN=\"$(persona unlock --password-file ~/.pw --print-token)\"",
      "  persona unlock --password-stdin --print-token --scope ssh-only --vault Work < pw.txt > tok"
    })
public final class UnlockCommand extends PersonaCommand {
  @Mixin PasswordOptions password;

  @Option(
      names = "--print-token",
      description = "Also issue an access token and print it on stdout (status goes to stderr).")
  boolean printToken;

  @Mixin TokenScopeOptions tokenScope;

  @Override
  protected int run() throws Exception {
    // Parse every option before asking for the password, so a typo costs no prompt.
    final int scope = tokenScope.scope();
    final long ttlMs = tokenScope.ttlMs();
    final long idleMs = tokenScope.idleMs();
    final char[] secret = password.read(ctx, "Master password", false);
    final UnlockResult result;
    try {
      result =
          ctx.daemon()
              .client()
              .unlock(secret, printToken, scope, tokenScope.vault(), ttlMs, idleMs);
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
        TokenView.printToken(ctx, result.token());
        ctx.err()
            .println(
                "unlocked; access token "
                    + result.tokenId()
                    + " expires "
                    + ItemView.time(result.tokenExpiresMs())
                    + " (export it as PERSONA_TOKEN)");
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
}
