package dev.persona.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --format text|json} option every command carries (a picocli mixin through {@link
 * PersonaCommand}). JSON output is one compact document per command on stdout, with the schema in
 * cli/README.md.
 */
public final class OutputOptions {
  /** Output formats. */
  public enum Format {
    text,
    json
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      defaultValue = "text")
  Format format = Format.text;

  public boolean json() {
    return format == Format.json;
  }
}
