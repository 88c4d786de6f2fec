package dev.persona.server.pipeline;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.agrona.concurrent.IdleStrategy;

/**
 * Spins, then yields, when the conductor runs out of work, then parks — and lets producers unpark
 * it the moment they offer a request, so an idle daemon costs no CPU and a request arriving after a
 * pause (every CLI call) waits microseconds, not a park period.
 *
 * <p>Lost wake-ups are excluded Dekker-style: the sleeper publishes {@code sleeping} and then
 * re-checks for work; a producer publishes its work and then, after a full fence, reads {@code
 * sleeping}. At least one of them sees the other. {@link #idle} runs on the owning agent's thread;
 * {@link #wake} on any thread.
 */
public final class WakeableIdleStrategy implements IdleStrategy {
  private final int spins;
  private final int yields;
  private final LongSupplier maxParkNs;
  private final BooleanSupplier hasWork;
  private volatile Thread owner;
  private volatile boolean sleeping;
  private int idleCount;

  /**
   * @param spins idle cycles spent spinning before yielding
   * @param yields idle cycles spent yielding before parking; on few cores a spinning thread would
   *     steal the very event loop that is about to hand it work
   * @param maxParkNs longest park, so periodic work (auto-lock) still runs
   * @param hasWork whether a producer has published work since the last duty cycle
   */
  public WakeableIdleStrategy(
      final int spins, final int yields, final long maxParkNs, final BooleanSupplier hasWork) {
    this(spins, yields, () -> maxParkNs, hasWork);
  }

  /**
   * @param maxParkNs asked before each park: an agent with work pending on a timer (a group commit)
   *     parks briefly, one with nothing to do parks long and waits to be woken
   */
  public WakeableIdleStrategy(
      final int spins,
      final int yields,
      final LongSupplier maxParkNs,
      final BooleanSupplier hasWork) {
    this.spins = spins;
    this.yields = yields;
    this.maxParkNs = maxParkNs;
    this.hasWork = hasWork;
  }

  @Override
  public void idle(final int workCount) {
    if (workCount > 0) {
      idleCount = 0;
      return;
    }
    idle();
  }

  @Override
  public void idle() {
    idleCount++;
    if (idleCount <= spins) {
      Thread.onSpinWait();
      return;
    }
    if (idleCount <= spins + yields) {
      Thread.yield();
      return;
    }
    if (owner == null) {
      owner = Thread.currentThread();
    }
    sleeping = true;
    if (!hasWork.getAsBoolean()) {
      LockSupport.parkNanos(this, maxParkNs.getAsLong());
    }
    sleeping = false;
    // No reset here: a park that times out with nothing to do parks again at once instead of
    // spinning and yielding each period (that cost an idle daemon ~3 % of a core). Work resets.
  }

  @Override
  public void reset() {
    idleCount = 0;
  }

  /** Unparks the owner if it sleeps; call after publishing work. Any thread. */
  public void wake() {
    wakeIfSleeping();
  }

  /**
   * {@link #wake}, telling whether the owner was asleep (and so is now being woken): a producer
   * with several consumers wakes the first sleeping one only.
   */
  public boolean wakeIfSleeping() {
    VarHandle.fullFence();
    if (sleeping) {
      final Thread thread = owner;
      if (thread != null) {
        LockSupport.unpark(thread);
        return true;
      }
    }
    return false;
  }

  @Override
  public String alias() {
    return "wakeable";
  }
}
