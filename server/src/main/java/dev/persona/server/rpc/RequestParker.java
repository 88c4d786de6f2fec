package dev.persona.server.rpc;

import dev.persona.engine.Engine;
import dev.persona.engine.Field;
import dev.persona.engine.ItemView;
import io.netty.channel.Channel;

/**
 * Parks the request being dispatched until the approval policy's answer comes in, without holding
 * the conductor: the request's reply and audit event are deferred, and {@link Resumption} runs on
 * the conductor once someone has allowed it. Denial and timeout are answered by the parker.
 *
 * <p>Conductor thread only.
 */
interface RequestParker {
  /** Finishes an allowed request on the conductor: sends its reply, returns its audit target. */
  @FunctionalInterface
  interface Resumption {
    String resume(Channel channel, long requestId);
  }

  /**
   * Parks the current request; returns its audit target. {@code rememberAllowMs} is the policy's
   * remember time for an allow.
   */
  String park(
      String operation,
      String target,
      String destination,
      long rememberAllowMs,
      Resumption resumption);

  /**
   * The approval of the named vault's own policy in the engine's status form (0, {@link
   * Engine#NEEDS_APPROVAL}, {@link Engine#POLICY_DENIED}); 0 when there is no such vault.
   */
  int vaultApproval(String vault);

  /**
   * The effective-policy check of a read of {@code item}'s secrets by {@code executable}: refuses
   * at once ({@code DENIED}, zeroing the item) when the item's or its vault's executables list does
   * not name the caller or when the strictest of the item's and the vault's approval is deny;
   * returns 0 when the read may go ahead now and {@link Engine#NEEDS_APPROVAL} when the user must
   * be asked first ({@link #parkRead}). An item without concealed values reveals nothing, so it
   * needs no check, except when {@code contentIsSecret}: an attachment is secret whatever its
   * item's fields are.
   */
  int readCheck(ItemView item, String executable, boolean contentIsSecret);

  /**
   * Parks a read of {@code item}'s secrets as {@code operation} (target: the item's name, so a
   * grant for the item answers it; an allow is remembered for the item's {@code
   * policy.remember_ms}); zeroes the item. {@code read} must read the item again.
   */
  String parkRead(String operation, ItemView item, Resumption read);

  /**
   * Runs {@code change} to {@code item} now when the strictest of the item's {@code
   * policy.approval} and its vault's approval is allow (or absent), else parks it for the user as
   * {@code operation}: an {@code ask} or {@code deny} item (or any item of an {@code ask} or {@code
   * deny} vault) must not become readable by a caller that first rewrites, trashes or purges it, so
   * changing it is itself approved (never remembered). The change must carry what it needs: the
   * request's bytes are gone once dispatch returns.
   */
  default String changeApproved(
      final String operation,
      final ItemView item,
      final Channel channel,
      final long requestId,
      final Resumption change) {
    final Field policy = item.field(Engine.APPROVAL_POLICY_FIELD);
    final int own = policy == null ? 0 : Engine.approvalPolicyOf(policy.value());
    if (Engine.strictestApproval(own, vaultApproval(item.vault())) == 0) {
      return change.resume(channel, requestId);
    }
    return park(operation, item.name(), null, 0, change);
  }
}
