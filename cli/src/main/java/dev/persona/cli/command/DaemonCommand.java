package dev.persona.cli.command;

import java.util.List;
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
  /** In help order. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(DaemonStartCommand.class, DaemonStopCommand.class, DaemonStatusCommand.class);

  @Override
  public List<Class<?>> subcommands() {
    return SUBCOMMANDS;
  }
}
