package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.ErrorReport;
import dev.persona.cli.ExitCodes;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.imports.BitwardenJsonImporter;
import dev.persona.cli.imports.ImportBatch;
import dev.persona.cli.imports.ImportedFile;
import dev.persona.cli.imports.KeePassXcCsvImporter;
import dev.persona.cli.imports.KeePassXmlImporter;
import dev.persona.cli.imports.OnePasswordCsvImporter;
import dev.persona.cli.imports.OnePuxImporter;
import dev.persona.cli.json.JsonReader;
import dev.persona.cli.json.JsonSyntaxException;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.fb.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code persona import FILE --from FORMAT}: one item per entry, with its attachments. The whole
 * file is parsed first, so a malformed one imports nothing and the error names the file and where
 * it is wrong. A failing entry is reported by name and the rest continue; what the format reader
 * left out on purpose (trash, history, …) is listed as skipped. The exit code is that of the first
 * failure (0 when all went in).
 */
@Command(
    name = "import",
    description =
        "Import items from a Bitwarden JSON, 1Password .1pux or CSV, KeePassXC CSV or KeePass XML"
            + " export.",
    footer = {
      "",
      "Formats (--from):",
      "  bitwarden-json   Bitwarden: bw export --format json (unencrypted)",
      "  1pux             1Password 8: File > Export > 1PUX (with attachments)",
      "  1password-csv    1Password 8: File > Export > CSV",
      "  keepassxc-csv    KeePassXC: Database > Export > CSV",
      "  keepass-xml      KeePass 2 / KeePassXC: export as KeePass XML (unencrypted)",
      "",
      "Examples:",
      "  persona import bitwarden_export.json --from bitwarden-json",
      "  persona import 1PasswordExport-XXXX.1pux --from 1pux --vault Imported",
      "  persona import 1password.csv --from 1password-csv",
      "  persona import keepass.csv --from keepassxc-csv --vault Imported",
      "  persona import keepass.xml --from keepass-xml --dry-run     # parse and count only",
      "",
      "Delete the export file afterwards: it holds every password in clear."
    })
public final class ImportCommand extends PersonaCommand {
  private static final String FORMATS =
      "bitwarden-json, 1pux, 1password-csv, keepassxc-csv, keepass-xml";

  /** The readers, by the canonical --from name; aliases are accepted in {@link #format}. */
  private enum Format {
    BITWARDEN_JSON,
    ONEPUX,
    ONEPASSWORD_CSV,
    KEEPASSXC_CSV,
    KEEPASS_XML
  }

  @Mixin VaultOption vaultOption;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The export file ('-' for stdin, except for 1pux).")
  String file;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "FORMAT",
      description = "bitwarden-json, 1pux, 1password-csv, keepassxc-csv or keepass-xml.")
  String from;

  @Option(names = "--dry-run", description = "Parse and report, but add nothing.")
  boolean dryRun;

  private final List<String> failures = new ArrayList<>();
  private Throwable firstFailure;

  @Override
  protected int run() throws Exception {
    final Format format = format(from);
    int imported = 0;
    int files = 0;
    final Progress progress = new Progress(ctx.err(), ctx.stdoutTerminal(), "importing");
    final List<String> skipped;
    final int total;
    final int fileTotal;
    try (ImportBatch batch = read(format)) {
      skipped = batch.skipped();
      total = batch.entries().size();
      fileTotal = batch.fileCount();
      final PersonaClient client = dryRun ? null : ctx.daemon().client();
      final String vault = vaultOption.vault(ctx);
      for (int i = 0; i < total; i++) {
        final ImportBatch.Entry entry = batch.entries().get(i);
        final String name = entry.draft().name();
        try {
          if (dryRun) {
            imported++;
            files += entry.files().size();
            continue;
          }
          final String itemId;
          try {
            final ItemEntry created = client.createItem(vault, Items.toEntry(entry.draft()));
            created.wipe();
            itemId = created.id();
            imported++;
          } catch (final PersonaClientException e) {
            failed(e, name + ": " + ErrorReport.message(e));
            continue;
          }
          for (final ImportedFile attachment : entry.files()) {
            try {
              upload(client, vault, itemId, attachment);
              files++;
            } catch (final PersonaClientException | IOException | IllegalArgumentException e) {
              failed(
                  e, name + ": attachment '" + attachment.name() + "': " + ErrorReport.message(e));
            }
          }
        } finally {
          entry.draft().wipe();
          for (final ImportedFile attachment : entry.files()) {
            attachment.wipe();
          }
          progress.update(i + 1, total);
        }
      }
    } finally {
      progress.done();
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
      json.endArray().name("attachments").value(files).name("skipped").beginArray();
      for (final String skip : skipped) {
        json.value(skip);
      }
      json.endArray().endObject();
      endJson();
    } else {
      ctx.out()
          .println(
              (dryRun ? "would import " : "imported ")
                  + imported
                  + " of "
                  + total
                  + " items"
                  + (fileTotal == 0 ? "" : ", " + files + " of " + fileTotal + " attachments"));
      for (final String skip : skipped) {
        ctx.err().println("persona: skipped: " + skip);
      }
      for (final String failure : failures) {
        ctx.err().println("persona: not imported: " + failure);
      }
    }
    return firstFailure == null ? 0 : ExitCodes.of(firstFailure);
  }

  /** Records a failed entry or attachment; a locked vault ends the import. */
  private void failed(final Exception e, final String line) throws PersonaClientException {
    if (firstFailure == null) {
      firstFailure = e;
    }
    failures.add(line);
    if (e instanceof PersonaClientException client && client.errorCode() == ErrorCode.LOCKED) {
      throw client; // every further item would fail the same way
    }
  }

  private static Format format(final String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "bitwarden-json", "bitwarden" -> Format.BITWARDEN_JSON;
      case "1pux", "1password-1pux", "1password-pux" -> Format.ONEPUX;
      case "1password-csv", "1password" -> Format.ONEPASSWORD_CSV;
      case "keepassxc-csv", "keepass-csv", "keepassxc" -> Format.KEEPASSXC_CSV;
      case "keepass-xml", "keepassxc-xml", "keepass2-xml" -> Format.KEEPASS_XML;
      default -> throw CliException.badInput("unknown --from '" + name + "' (" + FORMATS + ")");
    };
  }

  /**
   * Parses the whole export; an error in it becomes bad input naming the file and what is wrong.
   */
  private ImportBatch read(final Format format) throws IOException {
    final String source = file.equals("-") ? "stdin" : file;
    try {
      if (format == Format.ONEPUX) {
        if (file.equals("-")) {
          throw CliException.badInput(
              "--from 1pux reads a ZIP archive by its directory: give the .1pux FILE, not '-'");
        }
        return OnePuxImporter.read(Path.of(file));
      }
      final char[][] holder = new char[1][];
      final int length;
      try (InputStream in = file.equals("-") ? ctx.in() : Files.newInputStream(Path.of(file))) {
        length = JsonReader.readAll(new InputStreamReader(in, StandardCharsets.UTF_8), holder);
      }
      try {
        if (length >= 4 && holder[0][0] == 'P' && holder[0][1] == 'K' && holder[0][2] == 3) {
          throw new IllegalArgumentException(
              "this is a ZIP archive, not " + from + "; for a 1Password .1pux use --from 1pux");
        }
        return switch (format) {
          case BITWARDEN_JSON -> ImportBatch.of(BitwardenJsonImporter.read(holder[0], length));
          case ONEPASSWORD_CSV -> ImportBatch.of(OnePasswordCsvImporter.read(holder[0], length));
          case KEEPASSXC_CSV -> ImportBatch.of(KeePassXcCsvImporter.read(holder[0], length));
          case KEEPASS_XML -> KeePassXmlImporter.read(holder[0], length);
          case ONEPUX -> throw new IllegalStateException("handled above");
        };
      } finally {
        Arrays.fill(holder[0], '\0');
      }
    } catch (final NoSuchFileException e) {
      throw CliException.badInput("no such file: " + source);
    } catch (final IllegalArgumentException | JsonSyntaxException e) {
      throw new CliException(
          ExitCodes.BAD_INPUT,
          "BAD_INPUT",
          source + ": " + e.getMessage() + " (nothing imported)",
          e);
    }
  }

  /** One attachment through the client's chunked upload; the content is wiped after. */
  private static void upload(
      final PersonaClient client,
      final String vault,
      final String itemId,
      final ImportedFile attachment)
      throws IOException {
    final byte[] content = attachment.content();
    try {
      final byte[] sha256;
      try {
        sha256 = MessageDigest.getInstance("SHA-256").digest(content);
      } catch (final GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
      client.putAttachment(
          vault, itemId, attachment.name(), attachment.contentType(), content, sha256);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }
}
