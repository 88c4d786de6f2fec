package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command parses, has help with examples, carries --format, and usage mistakes exit 2. */
class CommandHelpTest {
  private static Map<String, String> env() {
    final Map<String, String> env = new HashMap<>();
    env.put("PERSONA_HOME", "/nonexistent/persona-test-home");
    env.put("PERSONA_RUNTIME_DIR", "/nonexistent/persona-test-run");
    env.put(DaemonConnector.NO_AUTOSTART_ENV, "1");
    return env;
  }

  static Stream<List<String>> commands() {
    final List<List<String>> paths = new ArrayList<>();
    collect(
        PersonaCli.commandLine(
            new CliContext(System.in, System.out, System.err, env(), false, false)),
        new ArrayList<>(),
        paths);
    return paths.stream();
  }

  private static void collect(
      final CommandLine cli, final List<String> path, final List<List<String>> out) {
    for (final Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
      if (!sub.getValue().getCommandName().equals(sub.getKey())) {
        continue; // alias
      }
      final List<String> child = new ArrayList<>(path);
      child.add(sub.getKey());
      out.add(child);
      collect(sub.getValue(), child, out);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void shouldPrintHelpWithExamples(final List<String> path) {
    final List<String> args = new ArrayList<>(path);
    args.add("--help");
    final CliRun run = CliRun.run(env(), "", args.toArray(new String[0]));
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("Usage: persona " + String.join(" ", path)), run.out());
    assertTrue(run.out().contains("Examples:"), "no examples in help of " + path);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void shouldOfferFormatOptionOnEveryLeafCommand(final List<String> path) {
    CommandLine cli =
        PersonaCli.commandLine(
            new CliContext(System.in, System.out, System.err, env(), false, false));
    for (final String name : path) {
      cli = cli.getSubcommands().get(name);
    }
    if (cli.getSubcommands().isEmpty()) {
      assertTrue(cli.getCommandSpec().findOption("--format") != null, "no --format on " + path);
    }
  }

  @Test
  void shouldExit2OnUsageMistakes() {
    assertEquals(2, CliRun.run(env(), "", "vault").exitCode());
    assertEquals(2, CliRun.run(env(), "", "item", "get").exitCode());
    assertEquals(2, CliRun.run(env(), "", "status", "--format", "yaml").exitCode());
    assertEquals(2, CliRun.run(env(), "", "no-such-command").exitCode());
    assertEquals(2, CliRun.run(env(), "").exitCode());
    assertEquals(2, CliRun.run(env(), "", "generate", "--length", "0").exitCode());
    assertEquals(
        2, CliRun.run(env(), "", "init").exitCode(), "no terminal and no --password-stdin");
  }

  @Test
  void shouldNeverAcceptPasswordOnCommandLine() {
    final CliRun run = CliRun.run(env(), "", "unlock", "--password", "hunter2");
    assertEquals(2, run.exitCode());
  }

  @Test
  void shouldGenerateCompletionScripts() {
    assertTrue(CliRun.run(env(), "", "completion", "bash").out().contains("complete -F"));
    assertTrue(CliRun.run(env(), "", "completion", "zsh").out().startsWith("#compdef persona"));
    final String fish = CliRun.run(env(), "", "completion", "fish").out();
    assertTrue(fish.contains("complete -c persona -n '__fish_use_subcommand' -a read"), fish);
    assertTrue(fish.contains("-a keygen"), fish);
  }

  @Test
  void shouldGenerateWithoutDaemonAndStateEntropy() {
    final CliRun run = CliRun.run(env(), "", "generate", "--length", "20", "--no-symbols");
    assertEquals(0, run.exitCode());
    assertEquals(21, run.out().length());
    assertTrue(run.err().contains("119.1 bits"), run.err());
    final CliRun json = CliRun.run(env(), "", "generate", "--words", "4", "--format", "json");
    assertTrue(json.out().contains("\"entropyBits\":51.7"), json.out());
  }

  @Test
  void shouldComputeTotpFromSeedOnStdin() {
    final CliRun run =
        CliRun.run(
            env(),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n",
            "totp",
            "--seed-stdin",
            "--format",
            "json");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out().matches("\\{\"code\":\"\\d{6}\",\"secondsRemaining\":\\d+}\\n"), run.out());
  }
}
