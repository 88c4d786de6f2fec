package dev.persona.cli;

/**
 * The {@code persona} process: a plain {@code read} goes through {@link FastRead}, everything else
 * through the picocli command tree ({@link PersonaCli}), then the process halts with the command's
 * exit code.
 *
 * <p>Apart from {@link PersonaCli} so that a {@code read} never loads or links picocli or the
 * command classes: every class in an AOT cache is loaded at each start, and the lean cache of
 * {@code read} holds only what its training run loaded.
 */
public final class Main {
  private Main() {}

  public static void main(final String[] args) {
    final int exitCode;
    try (CliContext ctx = CliContext.system()) {
      exitCode = execute(ctx, args);
    }
    System.out.flush();
    System.err.flush();
    // halt, not exit: Runtime.exit logs itself through System.Logger, whose first use scans the
    // class path for a LoggerFinder (~7 ms of every call). The CLI registers no shutdown hooks
    // and its streams are flushed above, so nothing is skipped.
    Runtime.getRuntime().halt(exitCode);
  }

  /** Parses and runs one command line against ctx; returns the exit code. */
  public static int execute(final CliContext ctx, final String... args) {
    final Integer fast = FastRead.tryRun(ctx, args);
    return fast != null ? fast : PersonaCli.commandLine(ctx, args).execute(args);
  }
}
