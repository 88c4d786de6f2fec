import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times commands interleaved — A B C A B C … — so drift on a shared machine lands on all of them
 * alike, where hyperfine runs one command's runs back to back. Prints each command's median with
 * its quartiles and its ratio to the first command's median. The spawn from this JVM costs every
 * command the same. Single-file program: {@code java Interleaved.java RUNS NAME COMMAND [NAME
 * COMMAND …]} (a command is split on spaces; its output is discarded; a failure stops the run).
 */
public final class Interleaved {
  public static void main(final String[] args) throws Exception {
    final int runs = Integer.parseInt(args[0]);
    final List<String> names = new ArrayList<>();
    final List<List<String>> commands = new ArrayList<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      names.add(args[i]);
      commands.add(List.of(args[i + 1].split(" ")));
    }
    final double[][] ms = new double[commands.size()][runs];
    for (int warm = 0; warm < 5; warm++) {
      for (final List<String> command : commands) {
        time(command);
      }
    }
    for (int run = 0; run < runs; run++) {
      for (int c = 0; c < commands.size(); c++) {
        ms[c][run] = time(commands.get(c));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "| command (interleaved, %d runs each) | median ms | quartiles ms | vs %s |%n|---|---:|---:|---:|%n",
        runs,
        names.get(0));
    final double first = quantile(ms[0], 0.5);
    for (int c = 0; c < commands.size(); c++) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.1f–%.1f | %.2f× |%n",
          names.get(c),
          quantile(ms[c], 0.5),
          quantile(ms[c], 0.25),
          quantile(ms[c], 0.75),
          quantile(ms[c], 0.5) / first);
    }
  }

  private static double time(final List<String> command) throws Exception {
    final ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(new File("/dev/null"));
    final long start = System.nanoTime();
    final int exit = builder.start().waitFor();
    final long end = System.nanoTime();
    if (exit != 0) {
      throw new IllegalStateException("exit " + exit + ": " + String.join(" ", command));
    }
    return (end - start) / 1e6;
  }

  private static double quantile(final double[] values, final double q) {
    final double[] sorted = values.clone();
    Arrays.sort(sorted);
    final double position = q * (sorted.length - 1);
    final int below = (int) Math.floor(position);
    final int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  }
}
