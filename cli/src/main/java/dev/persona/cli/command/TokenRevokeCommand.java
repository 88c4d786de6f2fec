package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.Acknowledgement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code persona token revoke ID | --all}. */
@Command(
    name = "revoke",
    description =
        "Revoke an access token by id (any token may revoke itself), or every token with --all.",
    footer = {
      "",
      "Examples:",
      "  persona token revoke tk_3f9a1c2b7d",
      "  persona token revoke --all",
      "  persona lock      # also drops every token"
    })
public final class TokenRevokeCommand extends PersonaCommand {
  @Parameters(
      arity = "0..1",
      paramLabel = "ID",
      description = "The token's id (persona token list).")
  String id;

  @Option(names = "--all", description = "Revoke every live token.")
  boolean all;

  @Override
  protected int run() {
    if (all == (id != null)) {
      throw CliException.badInput("name one token ID, or --all");
    }
    final Acknowledgement ack = ctx.daemon().client().revokeToken(id, all);
    if (json()) {
      final var json = jsonOut().beginObject().name("revoked").value(all ? "all" : id);
      if (all) {
        json.name("count").value(ack.revision());
      }
      json.endObject();
      endJson();
    } else {
      ctx.out()
          .println(
              all
                  ? "revoked " + ack.revision() + " token" + (ack.revision() == 1 ? "" : "s")
                  : "revoked " + id);
    }
    return 0;
  }
}
