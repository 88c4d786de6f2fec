package dev.persona.server.rpc;

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
}
