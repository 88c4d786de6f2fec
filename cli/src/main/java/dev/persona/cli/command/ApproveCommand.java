package dev.persona.cli.command;

import picocli.CommandLine.Command;

/** {@code persona approve ID}: lets one parked request proceed. */
@Command(
    name = "approve",
    description = "Allow a pending request (see `persona approvals`).",
    footer = {
      "",
      "Examples:",
      "  persona approve 3f9a1c2e",
      "  persona approve 3f9a1c2e --remember 1h   # same caller, same key: no prompt for an hour"
    })
public final class ApproveCommand extends DecisionCommand {
  @Override
  boolean allow() {
    return true;
  }
}
