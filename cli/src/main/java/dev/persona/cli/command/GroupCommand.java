package dev.persona.cli.command;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands: run alone it is a usage error (exit 2) that lists them.
 *
 * <p>Its subcommands are listed here, not in {@code @Command(subcommands)}: picocli builds the
 * model of every declared subcommand by reflection, and a command line that names one of them only
 * pays for that one ({@code dev.persona.cli.PersonaCli}; {@code item list} −27 ms).
 */
@Command
public abstract class GroupCommand implements Runnable {
  @Spec CommandSpec spec;

  private final List<Class<?>> subcommands;

  /** A group of these subcommands, in help order. */
  protected GroupCommand(final Class<?>... subcommands) {
    this.subcommands = List.of(subcommands);
  }

  /** The subcommand classes, in help order. */
  public final List<Class<?>> subcommands() {
    return subcommands;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "missing subcommand: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
