package dev.persona.cli.command;

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
  public AuditCommand() {
    super(AuditTailCommand.class, AuditVerifyCommand.class);
  }
}
