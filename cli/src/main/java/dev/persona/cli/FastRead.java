package dev.persona.cli;

import dev.persona.cli.command.ReadCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code persona read REF... [-n] [--format json|text] [--token-file FILE]} without building
 * picocli's command model, because {@code read} is what scripts call many times a minute and
 * picocli's reflection (annotation proxies are generated at run time and cannot be AOT-cached on
 * JDK 25) costs more than the rest of the call. Any other shape of command line — help, an unknown
 * option, a missing reference — returns null and goes through picocli as usual, so behaviour and
 * messages stay picocli's.
 *
 * <p>Stateless; thread-safe.
 */
final class FastRead {
  private FastRead() {}

  /** The exit code, or null when args are not a plain {@code read}. */
  static Integer tryRun(final CliContext ctx, final String[] args) {
    if (args.length < 2 || !args[0].equals("read")) {
      return null;
    }
    final List<String> refs = new ArrayList<>();
    boolean noNewline = false;
    OutputOptions.Format format = OutputOptions.Format.text;
    java.nio.file.Path tokenFile = null;
    for (int i = 1; i < args.length; i++) {
      final String arg = args[i];
      if (arg.startsWith("persona://")) {
        refs.add(arg);
      } else if (arg.equals("-n") || arg.equals("--no-newline")) {
        noNewline = true;
      } else if (arg.equals("--format") && i + 1 < args.length && isFormat(args[i + 1])) {
        format = OutputOptions.Format.valueOf(args[++i].toLowerCase(java.util.Locale.ROOT));
      } else if (arg.startsWith("--format=") && isFormat(arg.substring(9))) {
        format = OutputOptions.Format.valueOf(arg.substring(9).toLowerCase(java.util.Locale.ROOT));
      } else if (arg.equals("--token-file") && i + 1 < args.length) {
        tokenFile = java.nio.file.Path.of(args[++i]);
      } else if (arg.startsWith("--token-file=") && arg.length() > 13) {
        tokenFile = java.nio.file.Path.of(arg.substring(13));
      } else {
        return null;
      }
    }
    if (refs.isEmpty()) {
      return null;
    }
    if (tokenFile != null) {
      ctx.daemon().tokenFile(tokenFile);
    }
    final ReadCommand command = new ReadCommand(refs, noNewline);
    command.withFormat(format).withContext(ctx);
    try {
      return command.call();
    } catch (final Exception e) {
      return ErrorReport.report(e, ctx.err(), format == OutputOptions.Format.json);
    }
  }

  private static boolean isFormat(final String value) {
    return value.equalsIgnoreCase("json") || value.equalsIgnoreCase("text");
  }
}
