package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.ExitCodes;
import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.PersonaClientException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code persona daemon stop}: sends SIGTERM to the process listening on the RPC socket and waits
 * for it to exit (the daemon locks and zeroes its keys on the way out). Not running is success.
 */
@Command(
    name = "stop",
    description =
        "Stop personad (SIGTERM to the process that owns the socket; it locks on the way out).",
    footer = {
      "",
      "Examples:",
      "  persona daemon stop",
      "  persona daemon stop --timeout 30s --format json"
    })
public final class DaemonStopCommand extends PersonaCommand {
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "How long to wait for it to exit (default: ${DEFAULT-VALUE}).",
      defaultValue = "10s")
  String timeout;

  @Override
  protected int run() throws Exception {
    final Path socket = ctx.paths().rpcSocket();
    long pid = -1;
    try {
      // The daemon reports its own pid; procfs is the fallback for one too wedged to answer.
      pid = ctx.daemon().connectNoStart().status().pid();
    } catch (final PersonaClientException e) {
      pid = -1;
    } finally {
      ctx.daemon().disconnect();
    }
    if (pid <= 0) {
      pid = DaemonProcess.findListener(socket);
    }
    boolean stopped = false;
    if (pid > 0) {
      final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isPresent()) {
        if (!handle.get().destroy()) {
          throw new CliException(
              ExitCodes.DENIED,
              "DAEMON_STOP_DENIED",
              "cannot signal the daemon (pid " + pid + "); is it another user's?");
        }
        try {
          handle
              .get()
              .onExit()
              .get(Durations.parseMs(timeout), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (final java.util.concurrent.TimeoutException e) {
          throw new CliException(
              ExitCodes.GENERIC,
              "DAEMON_STOP_TIMEOUT",
              "daemon (pid "
                  + pid
                  + ") did not exit within "
                  + timeout
                  + "; it may be finishing a write");
        }
        stopped = true;
      }
    }
    if (json()) {
      jsonOut()
          .beginObject()
          .name("running")
          .value(false)
          .name("stopped")
          .value(stopped)
          .name("pid")
          .value(pid)
          .endObject();
      endJson();
    } else {
      ctx.out()
          .println(
              stopped
                  ? "daemon stopped (pid " + pid + ")"
                  : "daemon not running (nothing listens on " + socket + ")");
    }
    return 0;
  }
}
