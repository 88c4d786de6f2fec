package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.ErrorReport;
import dev.persona.cli.ExitCodes;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.imports.BitwardenJsonImporter;
import dev.persona.cli.imports.KeePassXcCsvImporter;
import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.json.JsonReader;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code persona import FILE --from bitwarden-json|keepassxc-csv}: one item per entry. A failing
 * entry is reported by name and the rest continue; the exit code is that of the first failure (0
 * when all went in).
 */
@Command(
    name = "import",
    description = "Import items from a Bitwarden JSON export or a KeePassXC CSV export.",
    footer = {
      "",
      "Examples:",
      "  persona import bitwarden_export.json --from bitwarden-json",
      "  persona import keepass.csv --from keepassxc-csv --vault Imported",
      "  persona import keepass.csv --from keepassxc-csv --dry-run     # parse and count only",
      "",
      "Delete the export file afterwards: it holds every password in clear."
    })
public final class ImportCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", paramLabel = "FILE", description = "The export file ('-' for stdin).")
  String file;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "FORMAT",
      description = "bitwarden-json or keepassxc-csv.")
  String from;

  @Option(names = "--dry-run", description = "Parse and report, but add nothing.")
  boolean dryRun;

  @Override
  protected int run() throws Exception {
    final char[][] holder = new char[1][];
    final int length;
    try (InputStream in = file.equals("-") ? ctx.in() : Files.newInputStream(Path.of(file))) {
      length = JsonReader.readAll(new InputStreamReader(in, StandardCharsets.UTF_8), holder);
    }
    final List<ItemDraft> drafts;
    try {
      drafts =
          switch (from.toLowerCase(java.util.Locale.ROOT)) {
            case "bitwarden-json", "bitwarden" -> BitwardenJsonImporter.read(holder[0], length);
            case "keepassxc-csv", "keepass-csv", "keepassxc" ->
                KeePassXcCsvImporter.read(holder[0], length);
            default ->
                throw CliException.badInput(
                    "unknown --from '" + from + "' (bitwarden-json, keepassxc-csv)");
          };
    } finally {
      Arrays.fill(holder[0], '\0');
    }
    int imported = 0;
    final List<String> failures = new ArrayList<>();
    Throwable firstFailure = null;
    final Progress progress = new Progress(ctx.err(), ctx.stdoutTerminal(), "importing");
    try {
      final PersonaClient client = dryRun ? null : ctx.daemon().client();
      final String vault = vaultOption.vault(ctx);
      for (int i = 0; i < drafts.size(); i++) {
        final ItemDraft draft = drafts.get(i);
        try {
          if (!dryRun) {
            final ItemEntry created = client.createItem(vault, Items.toEntry(draft));
            created.wipe();
          }
          imported++;
        } catch (final PersonaClientException e) {
          if (firstFailure == null) {
            firstFailure = e;
          }
          failures.add(draft.name() + ": " + ErrorReport.message(e));
          if (e.errorCode() == dev.persona.schema.fb.ErrorCode.LOCKED) {
            throw e; // every further item would fail the same way
          }
        } finally {
          draft.wipe();
          progress.update(i + 1, drafts.size());
        }
      }
    } finally {
      progress.done();
      for (final ItemDraft draft : drafts) {
        draft.wipe();
      }
    }
    if (json()) {
      final var json =
          jsonOut()
              .beginObject()
              .name("imported")
              .value(imported)
              .name("dryRun")
              .value(dryRun)
              .name("failed")
              .beginArray();
      for (final String failure : failures) {
        json.value(failure);
      }
      json.endArray().endObject();
      endJson();
    } else {
      ctx.out()
          .println(
              (dryRun ? "would import " : "imported ")
                  + imported
                  + " of "
                  + drafts.size()
                  + " items");
      for (final String failure : failures) {
        ctx.err().println("persona: not imported: " + failure);
      }
    }
    return firstFailure == null ? 0 : ExitCodes.of(firstFailure);
  }
}
