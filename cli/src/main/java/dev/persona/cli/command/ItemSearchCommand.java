package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.ItemPage;
import dev.persona.schema.fb.SearchKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code persona item search TERM [--by name|tag|url|fingerprint]}: through the daemon's blind
 * indexes.
 */
@Command(
    name = "search",
    aliases = "find",
    description =
        "Find items by name, tag, URL host or SSH key fingerprint (exact terms: the index is blind).",
    footer = {
      "",
      "Examples:",
      "  persona item search github",
      "  persona item search prod --by tag",
      "  persona item search github.com --by url --format json"
    })
public final class ItemSearchCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", paramLabel = "TERM", description = "What to look for.")
  String term;

  @Option(
      names = "--by",
      paramLabel = "KIND",
      description = "name, tag, url, fingerprint (default: ${DEFAULT-VALUE}).",
      defaultValue = "name")
  String by;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N results (default: ${DEFAULT-VALUE}).",
      defaultValue = "100")
  int limit;

  @Override
  protected int run() {
    final int kind =
        switch (by.toLowerCase(java.util.Locale.ROOT)) {
          case "name" -> SearchKind.NAME;
          case "tag" -> SearchKind.TAG;
          case "url", "host", "url_host" -> SearchKind.URL_HOST;
          case "fingerprint", "ssh", "ssh_fingerprint" -> SearchKind.SSH_FINGERPRINT;
          default ->
              throw CliException.badInput(
                  "unknown --by '" + by + "' (name, tag, url, fingerprint)");
        };
    final ItemPage page =
        ctx.daemon().client().searchItems(vaultOption.vault(ctx), kind, term, limit);
    ItemListCommand.print(ctx, json(), page.items());
    if (page.nextAfterId() != null && !page.nextAfterId().isEmpty()) {
      // On stderr: stdout stays the documented table or JSON document.
      ctx.err()
          .println(
              "persona: the first "
                  + page.items().size()
                  + " matches are shown; more exist (raise --limit, up to 1000)");
    }
    return 0;
  }
}
