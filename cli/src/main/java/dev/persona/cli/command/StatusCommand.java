package dev.persona.cli.command;

import dev.persona.cli.ExitCodes;
import dev.persona.cli.PersonaCli;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.json.JsonWriter;
import dev.persona.cli.output.ItemView;
import dev.persona.schema.client.DaemonNotRunningException;
import dev.persona.schema.client.DaemonStatus;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaPaths;
import picocli.CommandLine.Command;

/**
 * {@code persona status}: whether the daemon runs, is initialized and unlocked, and where its
 * sockets and data are. Never starts the daemon; exits 7 when it is not running (the document is
 * still printed).
 */
@Command(
    name = "status",
    description =
        "Show the daemon's state, its sockets and data directory (never starts the daemon).",
    footer = {
      "",
      "Examples:",
      "  persona status",
      "  persona status --format json | jq -r .agentSocket",
      "",
      "Exit code 7 when the daemon is not running."
    })
public final class StatusCommand extends PersonaCommand {
  @Override
  protected int run() {
    final PersonaPaths paths = ctx.paths();
    DaemonStatus status = null;
    int protocol = 0;
    String daemonVersion = null;
    try {
      final PersonaClient client = ctx.daemon().connectNoStart();
      status = client.status();
      protocol = client.serverInfo() == null ? 0 : client.serverInfo().version();
      daemonVersion = client.serverInfo() == null ? null : client.serverInfo().daemonVersion();
    } catch (final DaemonNotRunningException e) {
      status = null;
    }
    final String rpcSocket =
        status != null && status.rpcSocket() != null
            ? status.rpcSocket()
            : paths.rpcSocket().toString();
    final String agentSocket =
        status != null && status.agentSocket() != null
            ? status.agentSocket()
            : paths.agentSocket().toString();
    final String dataDir =
        status != null && status.dataDir() != null ? status.dataDir() : paths.home().toString();
    if (json()) {
      final JsonWriter json = jsonOut().beginObject();
      json.name("running").value(status != null);
      json.name("initialized").value(status != null && status.initialized());
      json.name("locked").value(status == null || status.locked());
      json.name("version").value(status == null ? daemonVersion : status.version());
      json.name("cliVersion").value(PersonaCli.VERSION);
      json.name("protocol").value(protocol);
      json.name("transport").value(PersonaClient.transportName());
      json.name("rpcSocket").value(rpcSocket);
      json.name("agentSocket").value(agentSocket);
      json.name("dataDir").value(dataDir);
      json.name("vaultCount").value(status == null ? 0 : status.vaultCount());
      json.name("lockAtMs").value(status == null ? 0 : status.lockAtMs());
      json.name("uptimeMs").value(status == null ? 0 : status.uptimeMs());
      json.name("pid").value(status == null ? 0 : status.pid());
      json.endObject();
      endJson();
    } else {
      final var out = ctx.out();
      if (status == null) {
        out.println("daemon:       not running (start it with `persona daemon start`)");
      } else {
        out.println(
            "daemon:       running "
                + status.version()
                + " (protocol "
                + protocol
                + ", up "
                + status.uptimeMs() / 1000
                + " s)");
        out.println(
            "state:        "
                + (!status.initialized()
                    ? "not initialized — run `persona init`"
                    : status.locked() ? "locked" : "unlocked"));
        if (!status.locked() && status.lockAtMs() > 0) {
          out.println("auto-lock at: " + ItemView.time(status.lockAtMs()));
        }
        out.println("vaults:       " + status.vaultCount());
      }
      out.println("cli:          persona " + PersonaCli.VERSION + transportNote());
      out.println("rpc socket:   " + rpcSocket);
      out.println("agent socket: " + agentSocket);
      out.println("data:         " + dataDir);
    }
    return status == null ? ExitCodes.DAEMON_UNREACHABLE : ExitCodes.OK;
  }

  /** Names the slow fallback, so a broken install (no native library) shows up here. */
  private static String transportNote() {
    final String reason = PersonaClient.nativeTransportUnavailableReason();
    return reason == null ? "" : " (JDK socket transport: " + reason + ")";
  }
}
