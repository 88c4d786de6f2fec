package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.cli.generate.PasswordGenerator;
import dev.persona.cli.json.JsonWriter;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code persona generate}: a random password or passphrase, with its entropy stated (no daemon
 * needed).
 */
@Command(
    name = "generate",
    aliases = "gen",
    description =
        "Generate a random password or (with --words) a passphrase, and state its entropy.",
    footer = {
      "",
      "Passwords draw each character uniformly from the chosen classes (log2(alphabet) bits each);",
      "passphrases draw words uniformly from the EFF large word list (7776 words, 12.9 bits each).",
      "",
      "Examples:",
      "  persona generate                       # 24 chars, upper+lower+digits+symbols: ~155 bits",
      "  persona generate --length 32 --no-symbols",
      "  persona generate --words 6 --separator ' '",
      "  persona generate --format json | jq -r .password"
    })
public final class GenerateCommand extends PersonaCommand {
  @Option(
      names = {"-l", "--length"},
      paramLabel = "N",
      description = "Password length (default: ${DEFAULT-VALUE}).",
      defaultValue = "24")
  int length;

  @Option(names = "--no-upper", description = "No upper-case letters.")
  boolean noUpper;

  @Option(names = "--no-lower", description = "No lower-case letters.")
  boolean noLower;

  @Option(names = "--no-digits", description = "No digits.")
  boolean noDigits;

  @Option(names = "--no-symbols", description = "No symbols.")
  boolean noSymbols;

  @Option(
      names = "--no-ambiguous",
      description = "Leave out look-alikes (" + PasswordGenerator.AMBIGUOUS + ").")
  boolean noAmbiguous;

  @Option(
      names = {"-w", "--words"},
      paramLabel = "N",
      description = "Generate a passphrase of N words instead.")
  Integer words;

  @Option(
      names = "--separator",
      paramLabel = "SEP",
      description = "Passphrase word separator (default: '${DEFAULT-VALUE}').",
      defaultValue = "-")
  String separator;

  @Option(
      names = "--capitalize",
      description = "Capitalize each passphrase word (adds no entropy).")
  boolean capitalize;

  @Option(
      names = {"-q", "--quiet"},
      description = "Do not print the entropy line on stderr.")
  boolean quiet;

  @Override
  protected int run() {
    final PasswordGenerator generator = new PasswordGenerator(new SecureRandom());
    final char[] secret;
    final double bits;
    final String kind;
    int alphabetSize = 0;
    if (words != null) {
      secret = generator.passphrase(words, separator, capitalize);
      bits = PasswordGenerator.passphraseEntropyBits(words);
      kind = "passphrase";
    } else {
      final String alphabet =
          PasswordGenerator.alphabet(!noLower, !noUpper, !noDigits, !noSymbols, noAmbiguous);
      alphabetSize = alphabet.length();
      secret = generator.password(length, alphabet);
      bits = PasswordGenerator.passwordEntropyBits(length, alphabetSize);
      kind = "password";
    }
    try {
      if (json()) {
        final JsonWriter json =
            jsonOut()
                .beginObject()
                .name("kind")
                .value(kind)
                .name("password")
                .value(secret, secret.length);
        json.name("entropyBits").value(bits);
        if (words != null) {
          json.name("words")
              .value(words)
              .name("wordListSize")
              .value(PasswordGenerator.words().length);
        } else {
          json.name("length").value(length).name("alphabetSize").value(alphabetSize);
        }
        json.endObject();
        endJson();
      } else {
        final java.io.PrintStream out = ctx.out();
        for (final char c : secret) {
          out.print(c);
        }
        out.println();
        if (!quiet) {
          ctx.err()
              .println(String.format(Locale.ROOT, "# %s with %.1f bits of entropy", kind, bits));
        }
      }
    } finally {
      Arrays.fill(secret, '\0');
    }
    return 0;
  }
}
