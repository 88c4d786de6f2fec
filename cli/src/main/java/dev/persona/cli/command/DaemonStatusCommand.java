package dev.persona.cli.command;

import dev.persona.cli.ExitCodes;
import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.DaemonNotRunningException;
import dev.persona.schema.client.PersonaClient;
import picocli.CommandLine.Command;

/**
 * {@code persona daemon status}: is the daemon up, which pid, which version; exit 7 when it is not.
 */
@Command(
    name = "status",
    description =
        "Say whether personad runs (exit 0) or not (exit 7), with its pid, version and socket.",
    footer = {"", "Examples:", "  persona daemon status", "  persona daemon status --format json"})
public final class DaemonStatusCommand extends PersonaCommand {
  @Override
  protected int run() {
    String version = null;
    long pid = -1;
    int protocol = 0;
    boolean running;
    try {
      final PersonaClient client = ctx.daemon().connectNoStart();
      running = true;
      pid = client.status().pid();
      if (client.serverInfo() != null) {
        version = client.serverInfo().daemonVersion();
        protocol = client.serverInfo().version();
      }
    } catch (final DaemonNotRunningException e) {
      running = false;
    }
    if (running && pid <= 0) {
      pid = DaemonProcess.findListener(ctx.paths().rpcSocket());
    }
    if (json()) {
      jsonOut()
          .beginObject()
          .name("running")
          .value(running)
          .name("pid")
          .value(pid)
          .name("version")
          .value(version)
          .name("protocol")
          .value(protocol)
          .name("rpcSocket")
          .value(ctx.paths().rpcSocket().toString())
          .endObject();
      endJson();
    } else if (running) {
      ctx.out()
          .println(
              "daemon running"
                  + (pid > 0 ? " (pid " + pid + ")" : "")
                  + (version == null ? "" : ", version " + version)
                  + ", socket "
                  + ctx.paths().rpcSocket());
    } else {
      ctx.out().println("daemon not running (socket " + ctx.paths().rpcSocket() + ")");
    }
    return running ? ExitCodes.OK : ExitCodes.DAEMON_UNREACHABLE;
  }
}
