package dev.persona.cli.command;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code persona audit tail|verify}. */
@Command(
    name = "audit",
    description = "Read and verify the daemon's hash-chained audit log.",
    synopsisSubcommandLabel = "COMMAND",
    footer = {
      "",
      "Examples:",
      "  persona audit tail -n 50",
      "  persona audit tail --follow",
      "  persona audit verify"
    })
public final class AuditCommand extends GroupCommand {
  /** In help order. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(AuditTailCommand.class, AuditVerifyCommand.class);

  @Override
  public List<Class<?>> subcommands() {
    return SUBCOMMANDS;
  }
}
