package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.cli.json.JsonWriter;
import dev.persona.cli.output.ItemView;
import dev.persona.schema.client.AuditEntry;
import dev.persona.schema.client.AuditPage;
import dev.persona.schema.client.PersonaClient;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code persona audit tail [-n N] [--follow]}: the last events, then (with --follow) new ones as
 * they come. JSON output is one event object per line (JSON Lines) so that --follow streams.
 */
@Command(
    name = "tail",
    description =
        "Show the last audit events; --follow keeps printing new ones (JSON: one object per line).",
    footer = {
      "",
      "Examples:",
      "  persona audit tail",
      "  persona audit tail -n 100 --format json | jq .operation",
      "  persona audit tail --follow"
    })
public final class AuditTailCommand extends PersonaCommand {
  static final int PAGE = 500;

  @Option(
      names = {"-n", "--lines"},
      paramLabel = "N",
      description = "How many recent events (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int lines;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep polling for new events until interrupted.")
  boolean follow;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      description = "Polling interval with --follow (default: ${DEFAULT-VALUE}).",
      defaultValue = "1s")
  String interval;

  @Override
  protected int run() throws InterruptedException {
    final PersonaClient client = ctx.daemon().client();
    final Deque<AuditEntry> last = new ArrayDeque<>();
    long after = 0;
    while (true) {
      final AuditPage page = client.auditTail(after, PAGE);
      for (final AuditEntry event : page.events()) {
        last.addLast(event);
        if (last.size() > lines) {
          last.removeFirst();
        }
      }
      if (page.events().isEmpty() || page.lastSequence() <= after) {
        after = Math.max(after, page.lastSequence());
        break;
      }
      after = page.lastSequence();
    }
    for (final AuditEntry event : last) {
      print(event);
    }
    final long pollMs = Durations.parseMs(interval);
    while (follow) {
      Thread.sleep(Math.max(100, pollMs));
      final AuditPage page = client.auditTail(after, PAGE);
      for (final AuditEntry event : page.events()) {
        print(event);
      }
      after = Math.max(after, page.lastSequence());
    }
    return 0;
  }

  private void print(final AuditEntry e) {
    if (json()) {
      final JsonWriter json = jsonOut();
      json.beginObject()
          .name("sequence")
          .value(e.sequence())
          .name("timeMs")
          .value(e.timeMs())
          .name("uid")
          .value(e.uid())
          .name("pid")
          .value(e.pid())
          .name("executable")
          .value(e.executable())
          .name("operation")
          .value(e.operation())
          .name("target")
          .value(e.target())
          .name("result")
          .value(dev.persona.schema.fb.ErrorCode.name(e.result()))
          .name("hash")
          .value(e.hash() == null ? null : HexFormat.of().formatHex(e.hash()))
          .endObject();
      endJson();
    } else {
      ctx.out()
          .println(
              String.join(
                  "  ",
                  Long.toString(e.sequence()),
                  ItemView.time(e.timeMs()),
                  "pid=" + e.pid(),
                  e.executable() == null ? "-" : e.executable(),
                  e.operation(),
                  e.target() == null ? "-" : e.target(),
                  e.result() < dev.persona.schema.fb.ErrorCode.names.length
                      ? dev.persona.schema.fb.ErrorCode.name(e.result())
                      : Integer.toString(e.result())));
      ctx.out().flush();
    }
  }
}
