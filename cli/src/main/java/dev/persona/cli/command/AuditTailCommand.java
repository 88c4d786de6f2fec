package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.cli.json.JsonWriter;
import dev.persona.cli.output.ItemView;
import dev.persona.schema.client.AuditEntry;
import dev.persona.schema.client.AuditPage;
import dev.persona.schema.client.PersonaClient;
import java.util.HexFormat;
import java.util.List;
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

  /** The daemon's cap on one page. */
  static final int MAX_LINES = 10_000;

  @Option(
      names = {"-n", "--lines"},
      paramLabel = "N",
      description = "How many recent events, at most 10000 (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int lines;

  @Option(
      names = {"-f", "--follow"},
      description =
          "Keep printing new events until interrupted (Ctrl-C); polls every --interval. Its own"
              + " polls, audited like every RPC, are not printed.")
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
    // after_sequence 0 asks for the newest events; last_sequence says where to continue.
    AuditPage page = client.auditTail(0, Math.max(1, Math.min(lines, MAX_LINES)));
    final List<AuditEntry> newest = page.events();
    for (final AuditEntry event :
        newest.subList(Math.max(0, newest.size() - lines), newest.size())) {
      print(event);
    }
    long after = page.lastSequence();
    final long pollMs = Math.max(100, Durations.parseMs(interval));
    final long ownPid = ProcessHandle.current().pid();
    while (follow) {
      Thread.sleep(pollMs);
      do {
        page = client.auditTail(after, PAGE);
        for (final AuditEntry event : page.events()) {
          // Each poll is an audited RPC too; showing our own would print one line per interval.
          if (event.pid() != ownPid || !event.operation().equals("AuditTailRequest")) {
            print(event);
          }
        }
        after = page.lastSequence();
      } while (page.events().size() == PAGE);
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
