package dev.persona.cli.command;

import picocli.CommandLine.Command;

/** {@code persona daemon start|stop|status}. */
@Command(
    name = "daemon",
    description = "Manage the personad daemon (the CLI also starts it on demand).",
    synopsisSubcommandLabel = "COMMAND",
    footer = {
      "",
      "Examples:",
      "  persona daemon start",
      "  persona daemon status --format json",
      "  persona daemon stop"
    })
public final class DaemonCommand extends GroupCommand {
  public DaemonCommand() {
    super(DaemonStartCommand.class, DaemonStopCommand.class, DaemonStatusCommand.class);
  }
}
