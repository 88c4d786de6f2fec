package dev.persona.server;

import dev.persona.engine.os.Libc;
import java.util.function.Consumer;

/**
 * Closes the routes by which key material could leave the daemon's memory other than through its
 * sockets: core dumps ({@code RLIMIT_CORE} 0, hard limit too) and same-uid debuggers and {@code
 * /proc/<pid>/mem} readers ({@code PR_SET_DUMPABLE} 0). Key pages are locked in RAM separately, by
 * the engine's {@code SecretArena}. Each step that fails is reported and skipped: a daemon that
 * cannot harden itself still serves, and says so once in its log.
 *
 * <p>Runs once on the main thread before the daemon starts.
 */
final class ProcessHardening {
  private ProcessHardening() {}

  /** Applies both steps; reports a summary line, or a warning per step that failed. */
  static void apply(final Consumer<String> log) {
    if (!Libc.available()) {
      log.accept(
          "warning: process hardening unavailable on this platform (no core-dump or ptrace"
              + " protection beyond the launcher's)");
      return;
    }
    int failures = 0;
    final int core = Libc.coreLimit() == 0 ? 0 : Libc.disableCoreDumps();
    if (core != 0) {
      failures++;
      log.accept(
          "warning: cannot disable core dumps (setrlimit RLIMIT_CORE: "
              + Libc.errnoName(core)
              + ")");
    }
    final int dumpable = Libc.setDumpable(false);
    if (dumpable != 0 || Libc.dumpable() != 0) {
      failures++;
      log.accept(
          "warning: cannot make the process non-dumpable (prctl PR_SET_DUMPABLE: "
              + Libc.errnoName(dumpable)
              + "); same-uid debuggers may read its memory");
    }
    if (failures == 0) {
      log.accept("hardening: dumpable=" + Libc.dumpable() + " core-limit=" + Libc.coreLimit());
    }
  }
}
