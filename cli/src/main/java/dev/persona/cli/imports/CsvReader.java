package dev.persona.cli.imports;

import dev.persona.cli.json.JsonText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF or LF, newlines inside quotes) into rows
 * of wipeable cells ({@link JsonText}, the same holder JSON strings use, because a password column
 * is a secret).
 *
 * <p>Stateless; thread-safe.
 */
public final class CsvReader {
  private CsvReader() {}

  public static List<List<JsonText>> parse(final char[] in, final int length) {
    final List<List<JsonText>> rows = new ArrayList<>();
    List<JsonText> row = new ArrayList<>();
    char[] cell = new char[64];
    int cellLength = 0;
    boolean quoted = false;
    boolean cellStarted = false;
    int i = 0;
    if (length > 0 && in[0] == '\uFEFF') {
      i = 1; // byte-order mark from Windows exports
    }
    for (; i < length; i++) {
      final char c = in[i];
      if (quoted) {
        if (c == '"') {
          if (i + 1 < length && in[i + 1] == '"') {
            i++;
          } else {
            quoted = false;
            continue;
          }
        }
      } else if (c == '"' && cellLength == 0) {
        quoted = true;
        cellStarted = true;
        continue;
      } else if (c == ',') {
        row.add(cell(cell, cellLength));
        cellLength = 0;
        cellStarted = false;
        continue;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < length && in[i + 1] == '\n') {
          i++;
        }
        if (cellStarted || cellLength > 0 || !row.isEmpty()) {
          row.add(cell(cell, cellLength));
          rows.add(row);
        }
        row = new ArrayList<>();
        cellLength = 0;
        cellStarted = false;
        continue;
      }
      if (cellLength == cell.length) {
        final char[] bigger = Arrays.copyOf(cell, cell.length * 2);
        Arrays.fill(cell, '\0');
        cell = bigger;
      }
      cell[cellLength++] = c;
      cellStarted = true;
    }
    if (quoted) {
      Arrays.fill(cell, '\0');
      throw new IllegalArgumentException("csv: unterminated quoted cell: row=" + (rows.size() + 1));
    }
    if (cellStarted || cellLength > 0 || !row.isEmpty()) {
      row.add(cell(cell, cellLength));
      rows.add(row);
    }
    Arrays.fill(cell, '\0');
    return rows;
  }

  /** Zeroes every cell {@link #parse} returned (the rows of an export hold secrets). */
  public static void wipe(final List<List<JsonText>> rows) {
    for (final List<JsonText> row : rows) {
      for (final JsonText cell : row) {
        cell.wipe();
      }
    }
  }

  private static JsonText cell(final char[] cell, final int length) {
    final JsonText text = JsonText.of(Arrays.copyOf(cell, length));
    Arrays.fill(cell, 0, length, '\0');
    return text;
  }
}
