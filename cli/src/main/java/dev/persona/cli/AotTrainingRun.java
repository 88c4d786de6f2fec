package dev.persona.cli;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The build's JDK AOT-cache training run ({@code -XX:AOTCacheOutput}, see cli/pom.xml): executes
 * typical command lines in one JVM so their classes are loaded, linked and profiled into {@code
 * cli/target/persona-cli.aot}. Output is discarded. Against no daemon (PERSONA_NO_AUTOSTART=1 and a
 * throwaway PERSONA_HOME): --help, {@code status}, {@code read} (the error path), {@code generate};
 * then against an in-process {@link TrainingDaemon} the hot path of {@code read} and {@code status}
 * (connect, Hello, ReadRefs). Kept close to the hot path: every app class in the cache is loaded at
 * each start (AOT class linking), so classes that only other commands' help needs stay out.
 *
 * <p>Always exits 0: a failed training run only means a colder start, never a failed build.
 */
public final class AotTrainingRun {
  private AotTrainingRun() {}

  public static void main(final String[] args) {
    final PrintStream sink =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    try {
      final Map<String, String> env = new HashMap<>(System.getenv());
      env.put(DaemonConnector.NO_AUTOSTART_ENV, "1");
      run(env, sink, "--help");
      run(env, sink, "--version");
      run(env, sink, "status");
      run(env, sink, "status", "--format", "json");
      run(env, sink, "read", "persona://Personal/github/password");
      run(env, sink, "generate");
      run(env, sink, "generate", "--words", "5", "--format", "json");
      TrainingDaemon.train(env, sink);
    } catch (final Throwable t) {
      System.err.println("persona aot training: incomplete (" + t + "); the cache covers what ran");
    }
    System.exit(0);
  }

  static void run(final Map<String, String> env, final PrintStream sink, final String... args) {
    try (CliContext ctx = context(env, sink)) {
      Main.execute(ctx, args);
    }
  }

  private static CliContext context(final Map<String, String> env, final PrintStream sink) {
    return new CliContext(new ByteArrayInputStream(new byte[0]), sink, sink, env, false, false);
  }
}
