package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.cli.json.JsonWriter;
import dev.persona.cli.output.ItemView;
import dev.persona.cli.output.Table;
import dev.persona.schema.client.TokenEntry;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code persona token list}: live tokens' metadata (the daemon never returns a token itself). */
@Command(
    name = "list",
    aliases = "ls",
    description = "List live access tokens: id, scope, vault, times. Never the tokens themselves.",
    footer = {
      "",
      "Examples:",
      "  persona token list",
      "  persona token list --format json | jq -r '.tokens[] | select(.scope==\"full\") | .id'"
    })
public final class TokenListCommand extends PersonaCommand {
  @Override
  protected int run() {
    final List<TokenEntry> tokens = ctx.daemon().client().listTokens();
    if (json()) {
      final JsonWriter json = jsonOut().beginObject().name("tokens").beginArray();
      for (final TokenEntry token : tokens) {
        TokenView.members(json.beginObject(), token).endObject();
      }
      json.endArray().endObject();
      endJson();
    } else {
      final Table table =
          new Table("ID", "SCOPE", "VAULT", "CREATED", "EXPIRES", "IDLE", "LAST USED");
      for (final TokenEntry token : tokens) {
        table.row(
            token.id(),
            TokenView.scopeName(token.scope()),
            token.vault() == null ? "*" : token.vault(),
            ItemView.time(token.createdMs()),
            ItemView.time(token.expiresMs()),
            Durations.format(token.idleMs()),
            ItemView.time(token.lastUsedMs()));
      }
      table.print(ctx.out(), ctx.stdoutTerminal());
    }
    return 0;
  }
}
