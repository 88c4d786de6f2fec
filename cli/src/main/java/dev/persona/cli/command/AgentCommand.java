package dev.persona.cli.command;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code persona agent env}. */
@Command(
    name = "agent",
    description = "The SSH agent the daemon serves.",
    synopsisSubcommandLabel = "COMMAND",
    footer = {"", "Examples:", "  eval \"$(persona agent env)\""})
public final class AgentCommand extends GroupCommand {
  /** In help order. */
  static final List<Class<?>> SUBCOMMANDS = List.of(AgentEnvCommand.class);

  @Override
  public List<Class<?>> subcommands() {
    return SUBCOMMANDS;
  }
}
