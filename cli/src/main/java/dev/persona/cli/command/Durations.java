package dev.persona.cli.command;

import dev.persona.cli.CliException;

/**
 * Parses human durations for options: {@code 90s}, {@code 30m}, {@code 8h}, {@code 2d}, or plain
 * milliseconds; and formats them back.
 */
final class Durations {
  private Durations() {}

  /** The largest whole unit that fits, as {@link #parseMs} reads it back: 2d, 8h, 15m, 90s. */
  static String format(final long ms) {
    if (ms > 0 && ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms > 0 && ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms > 0 && ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    if (ms > 0 && ms % 1_000L == 0) {
      return ms / 1_000L + "s";
    }
    return Long.toString(ms);
  }

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
