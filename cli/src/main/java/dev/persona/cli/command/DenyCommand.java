package dev.persona.cli.command;

import picocli.CommandLine.Command;

/** {@code persona deny ID}: refuses one parked request. */
@Command(
    name = "deny",
    description = "Deny a pending request (see `persona approvals`).",
    footer = {"", "Examples:", "  persona deny 3f9a1c2e", "  persona deny 3f9a1c2e --remember 8h"})
public final class DenyCommand extends DecisionCommand {
  @Override
  boolean allow() {
    return false;
  }
}
