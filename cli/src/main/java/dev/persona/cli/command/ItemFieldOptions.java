package dev.persona.cli.command;

import dev.persona.cli.CliContext;
import dev.persona.cli.CliException;
import dev.persona.cli.PasswordOptions;
import dev.persona.cli.generate.PasswordGenerator;
import dev.persona.cli.item.ItemDraft;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Field flags shared by {@code item add} and {@code item edit}. Plain values may come from argv
 * ({@code --field username=alice}); secret values never do: {@code --secret NAME} prompts without
 * echo on a terminal or reads one line of stdin per secret, and {@code --generate NAME} fills the
 * field with a generated password.
 */
public final class ItemFieldOptions {
  @Option(
      names = "--field",
      paramLabel = "NAME=VALUE",
      description = "A plain (not concealed) field; repeatable.")
  List<String> plainFields = new ArrayList<>();

  @Option(
      names = "--secret",
      paramLabel = "NAME",
      description =
          "A concealed field whose value is prompted for (or read as one line of stdin); repeatable.")
  List<String> secretFields = new ArrayList<>();

  @Option(
      names = "--generate",
      paramLabel = "NAME",
      description = "A concealed field set to a generated 24-character password; repeatable.")
  List<String> generatedFields = new ArrayList<>();

  @Option(names = "--url", paramLabel = "URL", description = "A URL; repeatable.")
  List<String> urls = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "TAG", description = "A tag; repeatable.")
  List<String> tags = new ArrayList<>();

  boolean any() {
    return !plainFields.isEmpty()
        || !secretFields.isEmpty()
        || !generatedFields.isEmpty()
        || !urls.isEmpty()
        || !tags.isEmpty();
  }

  void apply(final CliContext ctx, final ItemDraft draft) throws IOException {
    for (final String field : plainFields) {
      final int eq = field.indexOf('=');
      if (eq <= 0) {
        throw CliException.badInput("--field wants NAME=VALUE, got '" + field + "'");
      }
      draft.field(
          field.substring(0, eq),
          field.substring(eq + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8),
          false);
    }
    for (final String name : secretFields) {
      final char[] value;
      if (ctx.stdinTerminal() && System.console() != null) {
        value = System.console().readPassword("%s: ", name);
        if (value == null) {
          throw CliException.badInput("no value entered for field '" + name + "'");
        }
      } else {
        value = PasswordOptions.firstLine(ctx.in());
      }
      try {
        draft.field(name, PasswordOptions.utf8(value), true);
      } finally {
        Arrays.fill(value, '\0');
      }
    }
    final PasswordGenerator generator = new PasswordGenerator(new SecureRandom());
    for (final String name : generatedFields) {
      final char[] value =
          generator.password(24, PasswordGenerator.alphabet(true, true, true, true, false));
      try {
        draft.field(name, PasswordOptions.utf8(value), true);
      } finally {
        Arrays.fill(value, '\0');
      }
    }
    for (final String url : urls) {
      if (!draft.urls().contains(url)) {
        draft.urls().add(url);
      }
    }
    for (final String tag : tags) {
      if (!draft.tags().contains(tag)) {
        draft.tags().add(tag);
      }
    }
  }
}
