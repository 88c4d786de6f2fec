package dev.persona.agent;

import java.nio.ByteBuffer;

/**
 * Where a {@link SshAgentSession} sends replies; implemented by the host that owns the socket.
 *
 * <p>Called from whichever thread completes a request, always under the session's reply lock and in
 * request order, so implementations must not block and must not call back into the session.
 */
public interface SshAgentOutput {
  /** Sends one complete reply frame (length prefix included); the buffer is the host's to keep. */
  void write(ByteBuffer reply);

  /** Closes the connection (oversize frame, too many pending replies). */
  void close();
}
