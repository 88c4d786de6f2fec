package dev.persona.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints rows as an aligned table with a header on a terminal, and as tab-separated lines without a
 * header otherwise (so {@code cut -f2} works in scripts).
 *
 * <p>Not thread-safe.
 */
public final class Table {
  private final String[] header;
  private final List<String[]> rows = new ArrayList<>();

  public Table(final String... header) {
    this.header = header;
  }

  public Table row(final String... cells) {
    if (cells.length != header.length) {
      throw new IllegalArgumentException(
          "table: row has " + cells.length + " cells, header " + header.length);
    }
    rows.add(cells);
    return this;
  }

  public void print(final PrintStream out, final boolean terminal) {
    if (!terminal) {
      for (final String[] row : rows) {
        out.println(String.join("\t", sanitize(row)));
      }
      return;
    }
    final int[] widths = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      widths[c] = header[c].length();
      for (final String[] row : rows) {
        widths[c] = Math.max(widths[c], cell(row[c]).length());
      }
    }
    line(out, header, widths);
    for (final String[] row : rows) {
      line(out, row, widths);
    }
  }

  private static void line(final PrintStream out, final String[] cells, final int[] widths) {
    final StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      final String cell = cell(cells[c]);
      line.append(cell);
      if (c < cells.length - 1) {
        line.append(" ".repeat(widths[c] - cell.length() + 2));
      }
    }
    out.println(line.toString().stripTrailing());
  }

  private static String cell(final String value) {
    return value == null ? "" : value.replace('\t', ' ').replace('\n', ' ');
  }

  private static String[] sanitize(final String[] row) {
    final String[] clean = new String[row.length];
    for (int i = 0; i < row.length; i++) {
      clean[i] = cell(row[i]);
    }
    return clean;
  }
}
