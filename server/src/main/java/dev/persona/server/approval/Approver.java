package dev.persona.server.approval;

import java.util.function.Consumer;

/**
 * Asks someone to decide a pending approval: the {@link ApprovalRegistry} tells each approver about
 * every request it parks. Whoever answers first ({@code persona approve}/{@code deny}, an approver,
 * the timeout) decides; later answers are ignored.
 *
 * <p>{@link #ask} is called on whatever thread parked the request (an event loop or the conductor)
 * and must not block: an approver that waits on a person does it on a thread of its own.
 */
@FunctionalInterface
public interface Approver {
  /** A question in progress; cancelled once anyone has decided, so a prompt can go away. */
  @FunctionalInterface
  interface Prompt {
    Prompt NONE = () -> {};

    /** Withdraws the question; idempotent, any thread, never blocks. */
    void cancel();
  }

  /**
   * Starts asking about {@code pending}; calls {@code answer} at most once (true: allow), from any
   * thread, or never when it has no answer.
   */
  Prompt ask(ApprovalRegistry.Pending pending, Consumer<Boolean> answer);
}
