package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.ExitCodes;
import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.AuditVerification;
import picocli.CommandLine.Command;

/**
 * {@code persona audit verify}: walks the hash chain in the daemon; exit 1 names the first bad
 * event.
 */
@Command(
    name = "verify",
    description =
        "Verify the audit log's hash chain; exits 1 and names the first bad event if it was altered.",
    footer = {"", "Examples:", "  persona audit verify", "  persona audit verify --format json"})
public final class AuditVerifyCommand extends PersonaCommand {
  @Override
  protected int run() {
    final AuditVerification result = ctx.daemon().client().auditVerify();
    if (json()) {
      jsonOut()
          .beginObject()
          .name("ok")
          .value(result.ok())
          .name("eventsChecked")
          .value(result.eventsChecked())
          .name("firstBadSequence")
          .value(result.firstBadSequence())
          .name("reason")
          .value(result.reason())
          .endObject();
      endJson();
      return result.ok() ? ExitCodes.OK : ExitCodes.GENERIC;
    }
    if (!result.ok()) {
      throw new CliException(
          ExitCodes.GENERIC,
          "AUDIT_BROKEN",
          "audit log broken at event "
              + result.firstBadSequence()
              + ": "
              + result.reason()
              + " ("
              + result.eventsChecked()
              + " events checked)");
    }
    ctx.out().println("audit log intact: " + result.eventsChecked() + " events checked");
    return 0;
  }
}
