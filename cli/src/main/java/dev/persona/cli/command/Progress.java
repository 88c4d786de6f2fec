package dev.persona.cli.command;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (never in pipes or logs).
 */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintStream err;
  private final boolean enabled;
  private final String label;
  private int lastPercent = -1;

  Progress(final PrintStream err, final boolean terminal, final String label) {
    this.err = err;
    this.enabled = terminal;
    this.label = label;
  }

  void update(final long done, final long total) {
    if (!enabled || total <= 0) {
      return;
    }
    final int percent = (int) Math.min(100, done * 100 / total);
    if (percent == lastPercent) {
      return;
    }
    lastPercent = percent;
    final int filled = percent * WIDTH / 100;
    err.print(
        "\r"
            + label
            + " ["
            + "#".repeat(filled)
            + " ".repeat(WIDTH - filled)
            + "] "
            + percent
            + "%");
    err.flush();
  }

  void done() {
    if (enabled && lastPercent >= 0) {
      err.println();
    }
  }
}
