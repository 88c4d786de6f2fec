package dev.persona.server.pipeline;

/**
 * Layout of one request in the request ring (after Agrona's own record header, which carries the
 * record length and {@link #MSG_RPC_REQUEST}):
 *
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |                  connectionRef (int64, LE)                    |
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |         FlatBuffers Request, verified, as received ...        |
 *   +---------------------------------------------------------------+
 * </pre>
 */
public final class RequestRingDescriptor {
  /** Message type of an RPC request record. */
  public static final int MSG_RPC_REQUEST = 1;

  /** Offset of the connection reference. */
  public static final int CONNECTION_REF_OFFSET = 0;

  /** Offset of the FlatBuffers message. */
  public static final int MESSAGE_OFFSET = CONNECTION_REF_OFFSET + Long.BYTES;

  private RequestRingDescriptor() {}
}
