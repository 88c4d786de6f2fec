package dev.persona.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/** Dumps every thread's stack to stderr if a guarded step has not finished in time. */
final class Watchdog implements AutoCloseable {
  private final AtomicBoolean done = new AtomicBoolean();

  Watchdog(final String step, final long timeoutSeconds) {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              while (!done.get() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L);
              }
              if (!done.get()) {
                final StringBuilder sb = new StringBuilder("WATCHDOG step=" + step + " stuck\n");
                Thread.getAllStackTraces()
                    .forEach(
                        (t, st) -> {
                          sb.append(t.getName()).append(' ').append(t.getState()).append('\n');
                          for (final StackTraceElement el : st) {
                            sb.append("    at ").append(el).append('\n');
                          }
                        });
                System.err.println(sb);
              }
            });
  }

  @Override
  public void close() {
    done.set(true);
  }
}
