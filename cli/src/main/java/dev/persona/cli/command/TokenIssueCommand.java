package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.IssuedToken;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code persona token issue}: a new access token, printed once on stdout. */
@Command(
    name = "issue",
    description =
        "Issue an access token and print it on stdout, once (needs the vault unlocked and, when a"
            + " token is presented, an unscoped full one).",
    footer = {
      "",
      "Examples:",
      "  export PERSONA_TOKEN=\"$(persona token issue --scope read-only --ttl 8h)\"",
      "  persona token issue --scope ssh-only --vault Work --ttl 1h --idle 10m > ci.token",
      "  persona token issue --format json | jq -r .token"
    })
public final class TokenIssueCommand extends PersonaCommand {
  @Mixin TokenScopeOptions tokenScope;

  @Override
  protected int run() {
    final IssuedToken issued =
        ctx.daemon()
            .client()
            .issueToken(
                tokenScope.scope(), tokenScope.vault(), tokenScope.ttlMs(), tokenScope.idleMs());
    try {
      if (json()) {
        final var json = jsonOut().beginObject().name("token");
        json.utf8Value(issued.token());
        TokenView.members(json, issued.info()).endObject();
        endJson();
      } else {
        TokenView.printToken(ctx, issued.token());
        ctx.err().println(TokenView.describe(issued.info()));
      }
    } finally {
      Arrays.fill(issued.token(), (byte) 0);
    }
    return 0;
  }
}
