package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.ref.SecretMasker;
import dev.persona.schema.client.SecretRef;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code persona run [--env-file F] -- CMD...}: runs CMD with every environment variable whose
 * value is a {@code persona://} reference replaced by the secret, and (unless {@code --no-masking})
 * the child's stdout and stderr piped through a {@link SecretMasker}. Exits with the child's exit
 * code.
 *
 * <p>TTY behaviour: when our stdout is a terminal (or with {@code --pty}) and masking is on, the
 * child runs on a pseudo-terminal made by util-linux {@code script}, so isatty() stays true
 * (colours, prompts, line buffering) while everything it prints still passes the masker; its stderr
 * then shares that terminal, as it would without Persona. Without {@code script}, or with {@code
 * --no-pty}, the child's stdout/stderr are pipes; {@code --no-masking} hands the terminal through
 * unchanged. The child's environment is a {@code Map<String, String>} in the JDK's ProcessBuilder,
 * so resolved values exist as Strings in this short-lived process; that is the price of passing
 * them by environment at all.
 */
@Command(
    name = "run",
    description =
        "Run a command with persona:// references in its environment resolved; its output is masked.",
    footer = {
      "",
      "Examples:",
      "  DB_PASSWORD=persona://Work/db/password persona run -- ./migrate.sh",
      "  persona run --env-file .env -- docker compose up",
      "  persona run --no-masking -- psql     # hand the terminal through (no masking of output)",
      "  persona run --pty -- ls --color=auto # child sees a TTY even when persona's output is piped",
      "",
      "Exit code: the command's own (127 when it cannot be started)."
    })
public final class RunCommand extends PersonaCommand {
  static final String SCRIPT = "/usr/bin/script";

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "KEY=VALUE lines (# comments, optional 'export'); repeatable.")
  List<Path> envFiles = new ArrayList<>();

  @Option(
      names = "--no-masking",
      description = "Do not mask secret values in the command's output (keeps its terminal).")
  boolean noMasking;

  @Option(
      names = "--pty",
      negatable = true,
      description =
          "Give the command a pseudo-terminal (util-linux script) so it still sees a TTY while its output is masked"
              + " (default: when stdout is a terminal).")
  Boolean pty;

  @Parameters(
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "The command and its arguments (after --).")
  List<String> command;

  @Override
  protected int run() throws Exception {
    final Map<String, String> env = new LinkedHashMap<>(ctx.env());
    for (final Path file : envFiles) {
      env.putAll(parseEnvFile(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString()));
    }
    final List<String> names = new ArrayList<>();
    final List<String> refs = new ArrayList<>();
    for (final Map.Entry<String, String> entry : env.entrySet()) {
      if (entry.getValue().startsWith(SecretRef.SCHEME)) {
        names.add(entry.getKey());
        refs.add(entry.getValue());
      }
    }
    final List<byte[]> values = refs.isEmpty() ? new ArrayList<>() : resolveAll(refs);
    // The daemon connection is not needed while the child runs.
    ctx.daemon().disconnect();
    final boolean mask = !noMasking && !values.isEmpty();
    final boolean onPty =
        mask && (pty != null ? pty : ctx.stdoutTerminal()) && new File(SCRIPT).canExecute();
    final ProcessBuilder builder =
        new ProcessBuilder(onPty ? ptyCommand(command, env.get("SHELL")) : command);
    builder.environment().clear();
    builder.environment().putAll(env);
    if (onPty) {
      // script(1) runs its -c string with $SHELL; the user's SHELL is restored inside that string.
      builder.environment().put("SHELL", "/bin/sh");
    }
    for (int i = 0; i < names.size(); i++) {
      builder.environment().put(names.get(i), new String(values.get(i), StandardCharsets.UTF_8));
    }
    // The process's own stdin is handed through; an in-memory one (tests, embedding) is copied in.
    final boolean ownStdin = ctx.in() == System.in;
    builder.redirectInput(
        ownStdin ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
    if (!mask) {
      builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    final Process process;
    try {
      process = builder.start();
    } catch (final IOException e) {
      wipe(values);
      ctx.err().println("persona: cannot run " + command.get(0) + ": " + e.getMessage());
      return 127;
    }
    if (!ownStdin) {
      feed(process);
    }
    if (!mask) {
      wipe(values);
      return process.waitFor();
    }
    final SecretMasker outMasker = new SecretMasker(values, ctx.out());
    final SecretMasker errMasker = new SecretMasker(values, ctx.err());
    wipe(values);
    final Thread outPump = pump(outMasker, process.getInputStream(), "persona-run-stdout");
    final Thread errPump = pump(errMasker, process.getErrorStream(), "persona-run-stderr");
    try {
      final int exitCode = process.waitFor();
      outPump.join();
      errPump.join();
      return exitCode;
    } finally {
      outMasker.wipe();
      errMasker.wipe();
    }
  }

  private void feed(final Process process) {
    Thread.ofPlatform()
        .name("persona-run-stdin")
        .daemon(true)
        .start(
            () -> {
              try (java.io.OutputStream childIn = process.getOutputStream()) {
                ctx.in().transferTo(childIn);
              } catch (final IOException ignored) {
                // The child closed its stdin: nothing more to give it.
              }
            });
  }

  /**
   * {@code script -qefc 'SHELL=…; export SHELL; exec CMD ARGS…' /dev/null}: -e keeps the child's
   * exit code.
   */
  static List<String> ptyCommand(final List<String> command, final String userShell) {
    final StringBuilder line = new StringBuilder();
    if (userShell != null) {
      line.append("SHELL=").append(shellQuote(userShell)).append("; export SHELL; ");
    } else {
      line.append("unset SHELL; ");
    }
    line.append("exec");
    for (final String arg : command) {
      line.append(' ').append(shellQuote(arg));
    }
    return List.of(SCRIPT, "-qefc", line.toString(), "/dev/null");
  }

  static String shellQuote(final String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static Thread pump(
      final SecretMasker masker, final java.io.InputStream in, final String name) {
    final Thread thread =
        Thread.ofPlatform()
            .name(name)
            .daemon(true)
            .start(
                () -> {
                  try (in) {
                    masker.pump(in);
                  } catch (final IOException ignored) {
                    // The child closed its end or we are exiting: nothing left to copy.
                  }
                });
    return thread;
  }

  private static void wipe(final List<byte[]> values) {
    for (final byte[] value : values) {
      Arrays.fill(value, (byte) 0);
    }
  }

  /**
   * KEY=VALUE per line; blank lines and # comments skipped; 'export ' prefix and matching quotes
   * stripped.
   */
  static Map<String, String> parseEnvFile(final List<String> lines, final String source) {
    final Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring(7).strip();
      }
      final int eq = line.indexOf('=');
      if (eq <= 0) {
        throw CliException.badInput(
            "env file " + source + " line " + (i + 1) + ": expected KEY=VALUE");
      }
      final String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2
          && ((value.startsWith("\"") && value.endsWith("\""))
              || (value.startsWith("'") && value.endsWith("'")))) {
        value = value.substring(1, value.length() - 1);
      }
      vars.put(key, value);
    }
    return vars;
  }

  /** Every reference's value, waiting (and saying so) for approvals the daemon asks for. */
  private List<byte[]> resolveAll(final List<String> refs) {
    final List<SecretRef> parsed = RefResolver.parse(refs);
    return ctx.daemon().awaitingApproval(() -> RefResolver.resolve(ctx.daemon().client(), parsed));
  }
}
