package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.DaemonStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code persona agent env}: prints {@code SSH_AUTH_SOCK=…; export SSH_AUTH_SOCK;} like {@code
 * ssh-agent -s}. The socket path comes from the running daemon (started if needed), so a daemon
 * started with another runtime dir is still found.
 */
@Command(
    name = "env",
    description =
        "Print shell commands that point SSH_AUTH_SOCK at the Persona agent (like ssh-agent -s).",
    footer = {
      "",
      "Examples:",
      "  eval \"$(persona agent env)\"",
      "  persona agent env --csh",
      "  persona agent env --format json"
    })
public final class AgentEnvCommand extends PersonaCommand {
  @Option(
      names = {"-c", "--csh"},
      description = "C-shell syntax (setenv).")
  boolean csh;

  @Option(
      names = {"-s", "--sh"},
      description = "Bourne shell syntax (the default).")
  boolean sh;

  @Override
  protected int run() {
    final DaemonStatus status = ctx.daemon().client().status();
    final String socket =
        status.agentSocket() == null || status.agentSocket().isEmpty()
            ? ctx.paths().agentSocket().toString()
            : status.agentSocket();
    if (json()) {
      jsonOut().beginObject().name("SSH_AUTH_SOCK").value(socket).endObject();
      endJson();
    } else if (csh) {
      ctx.out().println("setenv SSH_AUTH_SOCK " + shellQuote(socket) + ";");
    } else {
      ctx.out().println("SSH_AUTH_SOCK=" + shellQuote(socket) + "; export SSH_AUTH_SOCK;");
    }
    return 0;
  }

  /** Quotes only when needed, so the common case matches ssh-agent's output byte for byte. */
  static String shellQuote(final String value) {
    if (value.matches("[A-Za-z0-9_./:@%+=,-]+")) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
