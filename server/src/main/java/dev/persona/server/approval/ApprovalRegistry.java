package dev.persona.server.approval;

import dev.persona.server.transport.ClientSession;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agrona.concurrent.EpochClock;

/**
 * Decides high-risk operations that policy marks {@code ask}: a time-boxed grant or a remembered
 * decision answers at once; otherwise the request is parked as a pending approval that {@code
 * persona approve ID} / {@code persona deny ID} resolves from any terminal, that the configured
 * {@link Approver} (an askpass program) is asked about, and that is denied when nobody answers in
 * time. The first answer wins. Parking never blocks a thread: the caller's continuation runs when
 * the decision arrives, so every other client keeps being served meanwhile.
 *
 * <p>Thread-safe: requests come from event loops, decisions from the conductor, timeouts from the
 * scheduler.
 */
public final class ApprovalRegistry {
  /**
   * A request waiting for a person.
   *
   * @param operation what the caller wants ({@code ssh.sign}, {@code item.reveal}, …)
   * @param target the key or item it wants it for (the name grants and memory match)
   * @param destination where a signature is for (known_hosts name and host key), or null
   */
  public record Pending(
      String id,
      String operation,
      String target,
      String destination,
      String executable,
      int pid,
      int uid,
      long createdMs,
      long expiresMs) {}

  /**
   * How a request was decided.
   *
   * @param allowed whether it may go ahead
   * @param timedOut denied because nobody answered in time
   * @param approvalId the pending approval that was decided, or null when a grant or a remembered
   *     decision answered at once
   */
  public record Outcome(boolean allowed, boolean timedOut, String approvalId) {
    static final Outcome GRANTED = new Outcome(true, false, null);
    static final Outcome REMEMBERED_DENY = new Outcome(false, false, null);
  }

  /** A parked request and the prompt asking about it; the first {@link #finish} wins. */
  private static final class Waiter {
    final Pending pending;
    final Consumer<Outcome> decision;
    final long rememberAllowMs;
    private Approver.Prompt prompt;
    private boolean finished;

    Waiter(final Pending pending, final Consumer<Outcome> decision, final long rememberAllowMs) {
      this.pending = pending;
      this.decision = decision;
      this.rememberAllowMs = rememberAllowMs;
    }

    /** Keeps the prompt to withdraw later; withdraws it now when the request is already decided. */
    void attach(final Approver.Prompt asked) {
      final boolean late;
      synchronized (this) {
        late = finished;
        if (!late) {
          prompt = asked;
        }
      }
      if (late) {
        asked.cancel();
      }
    }

    /** Marks the request decided and withdraws its prompt. */
    void finish() {
      final Approver.Prompt asked;
      synchronized (this) {
        finished = true;
        asked = prompt;
        prompt = null;
      }
      if (asked != null) {
        asked.cancel();
      }
    }
  }

  private record Grant(String id, String target, String executable, long expiresMs) {}

  private record Remembered(boolean allow, long expiresMs) {}

  private final EpochClock clock;
  private final ScheduledExecutorService scheduler;
  private final long timeoutMs;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Waiter> pending = new ConcurrentHashMap<>();
  private final List<Grant> grants = new CopyOnWriteArrayList<>();
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
  private volatile Approver approver;

  /**
   * @param timeoutMs how long a pending approval waits before it is denied
   */
  public ApprovalRegistry(
      final EpochClock clock, final ScheduledExecutorService scheduler, final long timeoutMs) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.timeoutMs = timeoutMs;
  }

  /** Asks {@code approver} about every request parked from now on (null: nobody but the CLI). */
  public void approver(final Approver approver) {
    this.approver = approver;
  }

  /**
   * Asks whether {@code session}'s caller may perform {@code operation} on {@code target}; {@code
   * decision} is called exactly once, now or later, from any thread.
   */
  public void request(
      final String operation,
      final String target,
      final ClientSession session,
      final Consumer<Boolean> decision) {
    request(operation, target, null, session, decision);
  }

  /**
   * As {@link #request(String, String, ClientSession, Consumer)}, naming where a signature is for
   * ({@code destination}, shown to the person asked; null when unknown).
   */
  public void request(
      final String operation,
      final String target,
      final String destination,
      final ClientSession session,
      final Consumer<Boolean> decision) {
    ask(operation, target, destination, 0, session, outcome -> decision.accept(outcome.allowed()));
  }

  /**
   * Asks whether {@code session}'s caller may perform {@code operation} on {@code target}; {@code
   * outcome} is called exactly once, now (grant, remembered decision) or later (a person, the
   * timeout), from any thread. An allow decided without an explicit remember time is remembered for
   * {@code rememberAllowMs} (the key's policy; 0: not at all) for the same executable and target.
   */
  public void ask(
      final String operation,
      final String target,
      final String destination,
      final long rememberAllowMs,
      final ClientSession session,
      final Consumer<Outcome> outcome) {
    final long nowMs = clock.time();
    final String executable = session.executable();
    for (final Grant grant : grants) {
      if (grant.expiresMs() <= nowMs) {
        grants.remove(grant);
      } else if (grant.target().equals(target)
          && (grant.executable() == null || grant.executable().equals(executable))) {
        outcome.accept(Outcome.GRANTED);
        return;
      }
    }
    final Remembered memory = remembered.get(rememberKey(executable, target));
    if (memory != null && memory.expiresMs() > nowMs) {
      outcome.accept(memory.allow() ? Outcome.GRANTED : Outcome.REMEMBERED_DENY);
      return;
    }
    final String id = HexFormat.of().formatHex(randomId());
    final Pending request =
        new Pending(
            id,
            operation,
            target,
            destination,
            executable,
            session.pid(),
            session.uid(),
            nowMs,
            nowMs + timeoutMs);
    final Waiter waiter = new Waiter(request, outcome, rememberAllowMs);
    pending.put(id, waiter);
    scheduler.schedule(() -> resolve(id, false, 0, true), timeoutMs, TimeUnit.MILLISECONDS);
    final Approver asker = approver;
    if (asker != null) {
      waiter.attach(asker.ask(request, allow -> resolve(id, allow, 0, false)));
    }
  }

  /** Pending approvals, oldest first. */
  public List<Pending> pending() {
    final List<Pending> all = new ArrayList<>();
    for (final Waiter waiter : pending.values()) {
      all.add(waiter.pending);
    }
    all.sort(java.util.Comparator.comparingLong(Pending::createdMs));
    return all;
  }

  /**
   * Allows or denies a pending approval; with {@code rememberMs > 0} the same answer is given to
   * the same executable for the same target that long.
   *
   * @return false when no such approval is pending (decided, timed out, or never existed)
   */
  public boolean decide(final String id, final boolean allow, final long rememberMs) {
    return resolve(id, allow, rememberMs, false);
  }

  /** Lets {@code executable} (null: any) use {@code target} without asking for {@code ttlMs}. */
  public String grant(final String target, final String executable, final long ttlMs) {
    final String id = HexFormat.of().formatHex(randomId());
    grants.add(new Grant(id, target, executable, clock.time() + ttlMs));
    return id;
  }

  private boolean resolve(
      final String id, final boolean allow, final long rememberMs, final boolean timedOut) {
    final Waiter waiter = pending.remove(id);
    if (waiter == null) {
      return false;
    }
    waiter.finish();
    final long keepMs = rememberMs > 0 ? rememberMs : allow ? waiter.rememberAllowMs : 0;
    if (keepMs > 0) {
      remembered.put(
          rememberKey(waiter.pending.executable(), waiter.pending.target()),
          new Remembered(allow, clock.time() + keepMs));
    }
    waiter.decision.accept(new Outcome(allow, timedOut, id));
    return true;
  }

  private byte[] randomId() {
    final byte[] id = new byte[4];
    random.nextBytes(id);
    return id;
  }

  private static String rememberKey(final String executable, final String target) {
    return executable + '\0' + target;
  }
}
