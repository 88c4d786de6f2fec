package dev.persona.cli.command;

import picocli.CommandLine.Command;

/** {@code persona token issue|list|revoke}. */
@Command(
    name = "token",
    description =
        "Manage access tokens: short-lived, scoped bearer tokens for scripts (see persona unlock).",
    synopsisSubcommandLabel = "COMMAND",
    footer = {
      "",
      "Examples:",
      "  export PERSONA_TOKEN=\"$(persona token issue --scope read-only --ttl 1h)\"",
      "  persona token list",
      "  persona token revoke tk_3f9a1c2b7d"
    })
public final class TokenCommand extends GroupCommand {
  public TokenCommand() {
    super(TokenIssueCommand.class, TokenListCommand.class, TokenRevokeCommand.class);
  }
}
