package dev.persona.cli.command;

import picocli.CommandLine.Command;

/** {@code persona agent env}. */
@Command(
    name = "agent",
    description = "The SSH agent the daemon serves.",
    synopsisSubcommandLabel = "COMMAND",
    footer = {"", "Examples:", "  eval \"$(persona agent env)\""})
public final class AgentCommand extends GroupCommand {
  public AgentCommand() {
    super(AgentEnvCommand.class);
  }
}
