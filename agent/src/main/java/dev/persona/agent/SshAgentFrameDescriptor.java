package dev.persona.agent;

/**
 * Layout of one agent protocol frame, in both directions.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             frame length (uint32, big-endian)                 |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  message type |  body (frame length - 1 bytes)               ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The length counts the type byte and the body, not itself. A length above {@link
 * #MAX_FRAME_LENGTH} closes the connection at once (as OpenSSH's AGENT_MAX_LEN does).
 */
public final class SshAgentFrameDescriptor {
  private SshAgentFrameDescriptor() {}

  public static final int LENGTH_OFFSET = 0;
  public static final int LENGTH_FIELD_LENGTH = 4;
  public static final int TYPE_OFFSET = 4;
  public static final int BODY_OFFSET = 5;
  public static final int HEADER_LENGTH = BODY_OFFSET;

  /** Largest frame length accepted: 256 KiB. */
  public static final int MAX_FRAME_LENGTH = 256 * 1024;
}
