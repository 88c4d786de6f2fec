package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code approve} and {@code deny} share: one decision sent to the daemon, then a report. */
abstract class DecisionCommand extends PersonaCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The approval id.")
  String id;

  @Option(
      names = "--remember",
      paramLabel = "DURATION",
      description = "Give the same answer to the same executable for this target (e.g. 30m, 8h).")
  String remember;

  abstract boolean allow();

  @Override
  protected final int run() {
    final long rememberMs = remember == null ? 0 : Durations.parseMs(remember);
    ctx.daemon().client().decideApproval(id, allow(), rememberMs);
    if (json()) {
      jsonOut()
          .beginObject()
          .name("id")
          .value(id)
          .name("allowed")
          .value(allow())
          .name("rememberMs")
          .value(rememberMs)
          .endObject();
      endJson();
    } else {
      ctx.out().println((allow() ? "approved " : "denied ") + id);
    }
    return 0;
  }
}
