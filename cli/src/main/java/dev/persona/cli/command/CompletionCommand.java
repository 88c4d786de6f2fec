package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PersonaCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code persona completion bash|zsh|fish}: picocli's generated bash script (zsh loads it through
 * bashcompinit); fish gets a list of {@code complete} lines built from the same command model.
 */
@Command(
    name = "completion",
    description = "Print a shell completion script for bash, zsh or fish.",
    footer = {
      "",
      "Examples:",
      "  source <(persona completion bash)",
      "  persona completion zsh > \"${fpath[1]}/_persona\"",
      "  persona completion fish > ~/.config/fish/completions/persona.fish"
    })
public final class CompletionCommand extends PersonaCommand {
  @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
  String shell;

  @Override
  protected int run() {
    final CommandLine root = spec.root().commandLine();
    switch (shell.toLowerCase(java.util.Locale.ROOT)) {
      case "bash" -> ctx.out().print(AutoComplete.bash("persona", root));
      case "zsh" -> {
        ctx.out().println("#compdef persona");
        ctx.out().println("autoload -U +X bashcompinit && bashcompinit");
        ctx.out().print(AutoComplete.bash("persona", root));
      }
      case "fish" -> ctx.out().print(fish(root));
      default -> throw CliException.badInput("unknown shell '" + shell + "' (bash, zsh, fish)");
    }
    ctx.out().flush();
    return 0;
  }

  static String fish(final CommandLine root) {
    final StringBuilder script = new StringBuilder("# fish completion for persona (generated)\n");
    script.append("complete -c persona -f\n");
    for (final var entry : root.getSubcommands().entrySet()) {
      final String name = entry.getKey();
      final var sub = entry.getValue().getCommandSpec();
      if (!sub.name().equals(name)) {
        continue; // aliases
      }
      script
          .append("complete -c persona -n '__fish_use_subcommand' -a ")
          .append(name)
          .append(" -d '")
          .append(description(sub))
          .append("'\n");
      for (final var child : entry.getValue().getSubcommands().entrySet()) {
        if (!child.getValue().getCommandSpec().name().equals(child.getKey())) {
          continue;
        }
        script
            .append("complete -c persona -n '__fish_seen_subcommand_from ")
            .append(name)
            .append("' -a ")
            .append(child.getKey())
            .append(" -d '")
            .append(description(child.getValue().getCommandSpec()))
            .append("'\n");
      }
      for (final var option : sub.options()) {
        for (final String optionName : option.names()) {
          if (optionName.startsWith("--")) {
            script
                .append("complete -c persona -n '__fish_seen_subcommand_from ")
                .append(name)
                .append("' -l ")
                .append(optionName.substring(2))
                .append('\n');
          }
        }
      }
    }
    return script.toString();
  }

  private static String description(final CommandLine.Model.CommandSpec spec) {
    final String[] lines = spec.usageMessage().description();
    return lines.length == 0 ? "" : lines[0].replace("'", "\\'");
  }
}
