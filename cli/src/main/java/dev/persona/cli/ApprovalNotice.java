package dev.persona.cli;

import dev.persona.schema.client.ApprovalEntry;
import dev.persona.schema.client.PersonaClient;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Tells the user, on stderr, when a call of this process is parked for approval and how to answer
 * it: the daemon answers only once the approval is decided, so the main thread is blocked in that
 * call. A daemon thread waits {@link #FIRST_LOOK_MS}, then lists pending approvals on a second
 * connection every {@link #POLL_MS} and announces each new one whose caller pid is ours.
 *
 * <p>Costs a thread start per call and nothing else when the answer comes in time (the common case:
 * no approval needed). Thread-safe.
 */
public final class ApprovalNotice implements AutoCloseable {
  static final long FIRST_LOOK_MS = 300;
  static final long POLL_MS = 500;

  /**
   * After this long waiting, polls every {@link #SLOW_POLL_MS}: a `read` runs without a garbage
   * collector (cli/src/main/jvm/read.args), and each poll allocates ~20 KB.
   */
  static final long FAST_POLLING_MS = 60_000;

  static final long SLOW_POLL_MS = 5_000;

  private final Supplier<PersonaClient> connect;
  private final PrintStream err;
  private final Thread watcher;
  private volatile boolean done;

  private ApprovalNotice(final Supplier<PersonaClient> connect, final PrintStream err) {
    this.connect = connect;
    this.err = err;
    // A plain thread, and our pid looked up only once it watches: ProcessHandle and the thread
    // builders cost a cold `persona read` ~2 ms that almost every call would waste.
    this.watcher = new Thread(this::watch, "persona-approval-notice");
    this.watcher.setDaemon(true);
  }

  /** Starts watching; close it when the call has returned. */
  public static ApprovalNotice watch(final Supplier<PersonaClient> connect, final PrintStream err) {
    final ApprovalNotice notice = new ApprovalNotice(connect, err);
    notice.watcher.start();
    return notice;
  }

  /** The line shown for one pending approval. */
  static String line(final ApprovalEntry entry) {
    return "persona: waiting for approval "
        + entry.id()
        + " ("
        + entry.operation()
        + " '"
        + entry.target()
        + "') — run `persona approve "
        + entry.id()
        + "` or `persona deny "
        + entry.id()
        + "` in another terminal";
  }

  private void watch() {
    PersonaClient client = null;
    final Set<String> told = new HashSet<>();
    try {
      pause(FIRST_LOOK_MS);
      if (done) {
        return;
      }
      final long ownPid = ProcessHandle.current().pid();
      final long slowFrom = System.nanoTime() + (FAST_POLLING_MS - FIRST_LOOK_MS) * 1_000_000L;
      while (!done) {
        if (client == null) {
          client = connect.get();
        }
        for (final ApprovalEntry entry : client.listApprovals()) {
          if (entry.pid() == ownPid && told.add(entry.id()) && !done) {
            err.println(line(entry));
            err.flush();
          }
        }
        pause(System.nanoTime() - slowFrom < 0 ? POLL_MS : SLOW_POLL_MS);
      }
    } catch (final RuntimeException e) {
      // Only a hint: the call itself reports every real failure.
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }

  /**
   * Waits {@code ms} or until {@link #close}. A park, not {@code Thread.sleep}: sleep loads the
   * JDK's sleep event class from the runtime image on first use, which every {@code persona read}
   * would pay (its class is not in the AOT cache) although the answer usually comes long before.
   */
  private void pause(final long ms) {
    final long deadline = System.nanoTime() + ms * 1_000_000L;
    long left;
    while (!done && (left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(this, left);
    }
  }

  @Override
  public void close() {
    done = true;
    LockSupport.unpark(watcher);
  }
}
