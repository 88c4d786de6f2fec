package dev.persona.cli.command;

import dev.persona.cli.CliException;

/**
 * Parses human durations for options: {@code 90s}, {@code 30m}, {@code 8h}, {@code 2d}, or plain
 * milliseconds.
 */
final class Durations {
  private Durations() {}

  static long parseMs(final String text) {
    final String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    if (t.isEmpty()) {
      throw CliException.badInput("empty duration");
    }
    final char unit = t.charAt(t.length() - 1);
    final long multiplier =
        switch (unit) {
          case 's' -> 1_000L;
          case 'm' -> 60_000L;
          case 'h' -> 3_600_000L;
          case 'd' -> 86_400_000L;
          default -> Character.isDigit(unit) ? 1L : -1L;
        };
    if (multiplier < 0) {
      throw CliException.badInput("bad duration '" + text + "' (use e.g. 90s, 30m, 8h, 2d)");
    }
    final String number = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
    try {
      final long value = Long.parseLong(number);
      if (value < 0) {
        throw CliException.badInput("negative duration '" + text + "'");
      }
      return Math.multiplyExact(value, multiplier);
    } catch (final NumberFormatException | ArithmeticException e) {
      throw CliException.badInput("bad duration '" + text + "' (use e.g. 90s, 30m, 8h, 2d)");
    }
  }
}
