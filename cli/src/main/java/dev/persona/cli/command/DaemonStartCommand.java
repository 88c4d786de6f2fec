package dev.persona.cli.command;

import dev.persona.cli.DaemonConnector;
import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.DaemonNotRunningException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code persona daemon start}: spawns personad detached and waits until its socket answers. */
@Command(
    name = "start",
    description = "Start personad in the background and wait until it answers on its socket.",
    footer = {
      "",
      "The daemon is PERSONA_DAEMON_CMD if set, else bin/personad of the checkout the CLI runs from.",
      "Its output goes to $PERSONA_HOME/personad.log.",
      "",
      "Examples:",
      "  persona daemon start",
      "  PERSONA_DAEMON_CMD=/opt/persona/bin/personad persona daemon start --timeout 30s"
    })
public final class DaemonStartCommand extends PersonaCommand {
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "How long to wait for it to answer (default: ${DEFAULT-VALUE}).",
      defaultValue = "20s")
  String timeout;

  @Override
  protected int run() {
    final DaemonConnector daemon = ctx.daemon();
    boolean started = false;
    long pid;
    try {
      pid = daemon.connectNoStart().status().pid();
    } catch (final DaemonNotRunningException e) {
      final Process process = daemon.start();
      pid = daemon.waitForDaemon(Durations.parseMs(timeout), process).status().pid();
      started = true;
      if (pid < 0) {
        pid = process.pid();
      }
    }
    if (json()) {
      jsonOut()
          .beginObject()
          .name("running")
          .value(true)
          .name("started")
          .value(started)
          .name("pid")
          .value(pid)
          .name("rpcSocket")
          .value(ctx.paths().rpcSocket().toString())
          .endObject();
      endJson();
    } else {
      ctx.out()
          .println(
              (started ? "daemon started" : "daemon already running")
                  + (pid > 0 ? " (pid " + pid + ")" : "")
                  + " on "
                  + ctx.paths().rpcSocket());
    }
    return 0;
  }
}
