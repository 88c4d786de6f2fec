package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.cli.json.JsonWriter;
import dev.persona.schema.client.SecretRef;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code persona read REF...}: prints secret values; its whole purpose is to reveal them, one per
 * line.
 */
@Command(
    name = "read",
    description =
        "Print the value of one or more secret references persona://VAULT/ITEM/FIELD (one per line).",
    footer = {
      "",
      "A segment containing '/' is written %%2F. ?attribute=totp prints the current TOTP code from the field.",
      "All references are resolved in one round trip.",
      "",
      "Examples:",
      "  persona read persona://Personal/github/password",
      "  persona read persona://Personal/github/totp?attribute=totp",
      "  persona read persona://Work/db/user persona://Work/db/password --format json"
    })
public final class ReadCommand extends PersonaCommand {
  @Parameters(
      arity = "1..*",
      paramLabel = "REF",
      description = "persona://VAULT/ITEM/FIELD[?attribute=totp]")
  List<String> refs;

  @Option(
      names = {"-n", "--no-newline"},
      description = "Do not print a newline after the last value.")
  boolean noNewline;

  public ReadCommand() {}

  /** For the picocli-free fast path ({@code dev.persona.cli.FastRead}). */
  public ReadCommand(final List<String> refs, final boolean noNewline) {
    this.refs = refs;
    this.noNewline = noNewline;
  }

  @Override
  protected int run() {
    final List<SecretRef> parsed = RefResolver.parse(refs);
    final List<byte[]> values =
        ctx.daemon().awaitingApproval(() -> RefResolver.resolve(ctx.daemon().client(), parsed));
    try {
      if (json()) {
        final JsonWriter json = jsonOut().beginObject().name("values").beginArray();
        for (int i = 0; i < values.size(); i++) {
          json.beginObject().name("ref").value(refs.get(i)).name("value");
          if (!json.utf8Value(values.get(i))) {
            json.nullValue().name("valueBase64").base64Value(values.get(i));
          }
          json.endObject();
        }
        json.endArray().endObject();
        endJson();
      } else {
        for (int i = 0; i < values.size(); i++) {
          ctx.out().write(values.get(i), 0, values.get(i).length);
          if (i < values.size() - 1 || !noNewline) {
            ctx.out().write('\n');
          }
        }
        ctx.out().flush();
      }
    } finally {
      for (final byte[] value : values) {
        Arrays.fill(value, (byte) 0);
      }
    }
    return 0;
  }
}
