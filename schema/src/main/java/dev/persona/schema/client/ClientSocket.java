package dev.persona.schema.client;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;

/**
 * One connected byte stream to the daemon's RPC socket: {@link NativeUnixSocket} when the launcher
 * named its library, else {@link JdkUnixSocket}. Both behave the same; the native one only starts
 * faster (see its comment). Not thread-safe.
 */
interface ClientSocket extends AutoCloseable {
  /** Connects to socketPath with the fastest transport this process has. */
  static ClientSocket connect(final String socketPath) throws IOException {
    return NativeUnixSocket.isAvailable()
        ? NativeUnixSocket.connect(socketPath)
        : JdkUnixSocket.connect(socketPath);
  }

  /** The transport {@link #connect(String)} picks in this process: "native" or "jdk". */
  static String transportName() {
    return NativeUnixSocket.isAvailable() ? NativeUnixSocket.NAME : JdkUnixSocket.NAME;
  }

  /**
   * Reads at least one byte into the remaining space of target, blocking until some arrive.
   *
   * @return the number of bytes read, or -1 at end of stream
   */
  int read(ByteBuffer target) throws IOException;

  /** Writes some (at least one) of source's remaining bytes; returns how many. */
  int write(ByteBuffer source) throws IOException;

  /** "native" or "jdk". */
  String name();

  /** Closes the socket; idempotent. */
  @Override
  void close();

  /**
   * The failure to reach a listener: no socket file, nobody accepting, no permission. {@link
   * PersonaClient} reports it as "daemon not running"; any other {@link IOException} from {@link
   * #connect(String)} is a local failure (no descriptors left, …).
   */
  static ConnectException notListening(final String socketPath, final String reason) {
    return new ConnectException("cannot connect to " + socketPath + ": " + reason);
  }
}
