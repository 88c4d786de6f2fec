package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.ApprovalEntry;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code persona approvals}: requests waiting for a decision, for {@code approve}/{@code deny}. */
@Command(
    name = "approvals",
    description = "List requests waiting for your approval (ask keys, ssh-add -c keys).",
    footer = {
      "",
      "Examples:",
      "  persona approvals",
      "  persona approve 3f9a1c2e",
      "  persona approvals --format json"
    })
public final class ApprovalsCommand extends PersonaCommand {
  @Override
  protected int run() {
    final List<ApprovalEntry> pending = ctx.daemon().client().listApprovals();
    if (json()) {
      final var out = jsonOut().beginObject().name("approvals").beginArray();
      for (final ApprovalEntry a : pending) {
        out.beginObject()
            .name("id")
            .value(a.id())
            .name("operation")
            .value(a.operation())
            .name("target")
            .value(a.target())
            .name("executable")
            .value(a.executable())
            .name("pid")
            .value(a.pid())
            .name("uid")
            .value(a.uid())
            .name("createdMs")
            .value(a.createdMs())
            .name("expiresMs")
            .value(a.expiresMs())
            .endObject();
      }
      out.endArray().endObject();
      endJson();
      return 0;
    }
    if (pending.isEmpty()) {
      ctx.out().println("no pending approvals");
      return 0;
    }
    final long nowMs = System.currentTimeMillis();
    for (final ApprovalEntry a : pending) {
      ctx.out()
          .printf(
              "%s  %s %s  by %s (pid %d)  expires in %ds%n",
              a.id(),
              a.operation(),
              a.target(),
              a.executable(),
              a.pid(),
              Math.max(0, (a.expiresMs() - nowMs) / 1000));
    }
    return 0;
  }
}
