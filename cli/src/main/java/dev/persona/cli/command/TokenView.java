package dev.persona.cli.command;

import dev.persona.cli.CliContext;
import dev.persona.cli.json.JsonWriter;
import dev.persona.cli.output.ItemView;
import dev.persona.schema.client.TokenEntry;
import dev.persona.schema.fb.TokenScope;

/**
 * How access tokens are shown: the JSON form of a token's metadata ({@code {"id","scope","vault",
 * "createdMs","expiresMs","idleMs","lastUsedMs"}}), and the one place a fresh token's text is
 * printed — alone on its stdout line, so {@code $(…)} captures exactly the token.
 */
final class TokenView {
  private TokenView() {}

  static String scopeName(final int scope) {
    return switch (scope) {
      case TokenScope.FULL -> "full";
      case TokenScope.READ_ONLY -> "read-only";
      case TokenScope.SSH_ONLY -> "ssh-only";
      default -> "scope-" + scope;
    };
  }

  /** Writes the metadata members into an object the caller has begun. */
  static JsonWriter members(final JsonWriter json, final TokenEntry token) {
    return json.name("id")
        .value(token.id())
        .name("scope")
        .value(scopeName(token.scope()))
        .name("vault")
        .value(token.vault())
        .name("createdMs")
        .value(token.createdMs())
        .name("expiresMs")
        .value(token.expiresMs())
        .name("idleMs")
        .value(token.idleMs())
        .name("lastUsedMs")
        .value(token.lastUsedMs());
  }

  /** One line for humans, on stderr next to a printed token. */
  static String describe(final TokenEntry token) {
    return "access token "
        + token.id()
        + ": "
        + scopeName(token.scope())
        + (token.vault() == null ? ", every vault" : ", vault " + token.vault())
        + ", expires "
        + ItemView.time(token.expiresMs())
        + ", dies after "
        + Durations.format(token.idleMs())
        + " unused";
  }

  /** Prints the token text and a newline on stdout; the caller zeroes the bytes. */
  static void printToken(final CliContext ctx, final byte[] token) {
    ctx.out().write(token, 0, token.length);
    ctx.out().println();
    ctx.out().flush();
  }
}
