import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints median wall time per command from a hyperfine JSON export, and each as a ratio to the
 * first command (the floor). Single-file program: {@code java HyperfineMedians.java result.json}.
 */
public final class HyperfineMedians {
  public static void main(final String[] args) throws Exception {
    final String json = Files.readString(Path.of(args[0]));
    final Matcher command = Pattern.compile("\"command\":\\s*\"([^\"]*)\"").matcher(json);
    final Matcher times = Pattern.compile("\"times\":\\s*\\[([^\\]]*)\\]").matcher(json);
    final List<String> names = new ArrayList<>();
    final List<Double> medians = new ArrayList<>();
    while (command.find() && times.find()) {
      final double[] values =
          Arrays.stream(times.group(1).split(",")).mapToDouble(Double::parseDouble).sorted().toArray();
      final int n = values.length;
      names.add(command.group(1));
      medians.add(n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2);
    }
    System.out.printf(Locale.ROOT, "| command | median ms | vs %s |%n|---|---:|---:|%n", names.get(0));
    for (int i = 0; i < names.size(); i++) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.2f× |%n",
          names.get(i),
          medians.get(i) * 1000,
          medians.get(i) / medians.get(0));
    }
  }
}
