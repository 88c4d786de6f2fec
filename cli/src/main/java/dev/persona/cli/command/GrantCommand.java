package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.Acknowledgement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code persona grant --key NAME --for 8h [--exe PATH]}: a time-boxed grant, for CI. */
@Command(
    name = "grant",
    description =
        "Let a key (or item) be used without asking, for a while, optionally by one program.",
    footer = {
      "",
      "Examples:",
      "  persona grant --key deploy --for 8h --exe /usr/bin/git",
      "  persona grant --key deploy --for 30m"
    })
public final class GrantCommand extends PersonaCommand {
  @Option(
      names = "--key",
      required = true,
      paramLabel = "NAME",
      description = "The SSH key name (or item) the grant covers.")
  String target;

  @Option(
      names = "--for",
      required = true,
      paramLabel = "DURATION",
      description = "How long the grant lasts (e.g. 30m, 8h, 2d).")
  String duration;

  @Option(
      names = "--exe",
      paramLabel = "PATH",
      description = "Only this executable (as /proc/PID/exe names it) may use the grant.")
  String executable;

  @Override
  protected int run() {
    final long ttlMs = Durations.parseMs(duration);
    final Acknowledgement ack = ctx.daemon().client().createGrant(target, executable, ttlMs);
    if (json()) {
      jsonOut()
          .beginObject()
          .name("grant")
          .value(ack.id())
          .name("target")
          .value(target)
          .name("ttlMs")
          .value(ttlMs)
          .endObject();
      endJson();
    } else {
      ctx.out()
          .println(
              "granted '"
                  + target
                  + "' for "
                  + duration
                  + (executable == null ? " to any program" : " to " + executable)
                  + " (grant "
                  + ack.id()
                  + ")");
    }
    return 0;
  }
}
