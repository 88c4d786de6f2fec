package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.DaemonNotRunningException;
import picocli.CommandLine.Command;

/**
 * {@code persona lock}: the daemon zeroes every key it holds. A daemon that is not running is
 * already locked.
 */
@Command(
    name = "lock",
    description = "Lock the vault: the daemon forgets every key until the next unlock.",
    footer = {"", "Examples:", "  persona lock", "  persona lock --format json"})
public final class LockCommand extends PersonaCommand {
  @Override
  protected int run() {
    boolean running = true;
    try {
      ctx.daemon().connectNoStart().lock();
    } catch (final DaemonNotRunningException e) {
      running = false; // nothing is unlocked when no daemon runs; starting one just to lock it is
      // pointless
    }
    if (json()) {
      jsonOut()
          .beginObject()
          .name("locked")
          .value(true)
          .name("daemonRunning")
          .value(running)
          .endObject();
      endJson();
    } else {
      ctx.out().println(running ? "locked" : "locked (daemon not running)");
    }
    return 0;
  }
}
