package dev.persona.schema.client;

import dev.persona.schema.fb.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The fast transport: socket, connect, send and recv through a small JNI library ({@code
 * schema/src/main/c/persona_uds.c}, built with the module). A cold {@code persona read} spends most
 * of its own time in the JDK channel's first connect (NIO provider lookup, the security providers
 * and a SecureRandom that {@code sun.nio.ch.UnixDomainSockets} seeds); this costs one dlopen, so
 * the CLI starts within a few milliseconds of a Java hello-world. JNI rather than FFM because FFM's
 * downcall linking spins classes at run time that the AOT cache cannot keep (~19 ms measured).
 *
 * <p>The library is loaded from the absolute path in the system property {@value #LIBRARY_PROPERTY}
 * (the launchers set it); without it, or when it fails to load, {@link ClientSocket#connect} uses
 * {@link JdkUnixSocket} and {@link #unavailableReason()} says why.
 *
 * <p>After connecting it checks, with SO_PEERCRED, that the process behind the socket runs as this
 * user: a client about to send a master password must not talk to an impostor. Not thread-safe.
 */
final class NativeUnixSocket implements ClientSocket {
  static final String NAME = "native";

  /** Absolute path of {@code libpersona-uds.so}. */
  static final String LIBRARY_PROPERTY = "persona.client.nativeLibrary";

  /** Bytes moved per native call: the C side's stack buffer. */
  private static final int CHUNK = 32 * 1024;

  private static final String UNAVAILABLE = load(System.getProperty(LIBRARY_PROPERTY));

  private final int fd;
  private boolean closed;

  private NativeUnixSocket(final int fd) {
    this.fd = fd;
  }

  static boolean isAvailable() {
    return UNAVAILABLE == null;
  }

  /** Why the library is not in use (null when it is). */
  static String unavailableReason() {
    return UNAVAILABLE;
  }

  // Restricted: the launchers grant --enable-native-access=ALL-UNNAMED, so no warning is printed.
  @SuppressWarnings("restricted")
  private static String load(final String path) {
    if (path == null || path.isEmpty()) {
      return "system property " + LIBRARY_PROPERTY + " is not set";
    }
    try {
      // System.load wants an absolute path; a launcher may well pass one relative to its own.
      System.load(new java.io.File(path).getAbsolutePath());
      return null;
    } catch (final UnsatisfiedLinkError e) {
      return "cannot load " + path + ": " + e.getMessage();
    }
  }

  static NativeUnixSocket connect(final String socketPath) throws IOException {
    final int fd = connect0(socketPath.getBytes(StandardCharsets.UTF_8));
    if (fd < 0) {
      throw ClientSocket.notListening(socketPath, describe0(-fd));
    }
    final NativeUnixSocket socket = new NativeUnixSocket(fd);
    final int peer = peerUid0(fd);
    final int own = ownUid0();
    if (peer != own) {
      socket.close();
      throw new PersonaClientException(
          ErrorCode.DENIED,
          peer < 0
              ? "cannot tell who serves " + socketPath + ": " + describe0(-peer)
              : "the process serving "
                  + socketPath
                  + " runs as uid "
                  + peer
                  + ", not as this user (uid "
                  + own
                  + "): refusing to talk to it");
    }
    return socket;
  }

  @Override
  public int read(final ByteBuffer target) throws IOException {
    ensureOpen();
    final int wanted = Math.min(target.remaining(), CHUNK);
    if (wanted == 0) {
      return 0;
    }
    final int got;
    if (target.hasArray()) {
      got = check(read0(fd, target.array(), target.arrayOffset() + target.position(), wanted));
      if (got > 0) {
        target.position(target.position() + got);
      }
    } else {
      final byte[] bounce = new byte[wanted];
      got = check(read0(fd, bounce, 0, wanted));
      if (got > 0) {
        target.put(bounce, 0, got);
      }
    }
    return got == 0 ? -1 : got;
  }

  @Override
  public int write(final ByteBuffer source) throws IOException {
    ensureOpen();
    final int count = Math.min(source.remaining(), CHUNK);
    if (count == 0) {
      return 0;
    }
    final int sent;
    if (source.hasArray()) {
      sent = check(write0(fd, source.array(), source.arrayOffset() + source.position(), count));
      source.position(source.position() + sent);
    } else {
      final byte[] bounce = new byte[count];
      source.get(source.position(), bounce);
      sent = check(write0(fd, bounce, 0, count));
      source.position(source.position() + sent);
    }
    return sent;
  }

  // Checked before every call: the number of a closed descriptor may already name another file.
  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("socket closed");
    }
  }

  private static int check(final int result) throws IOException {
    if (result < 0) {
      throw new IOException(describe0(-result));
    }
    return result;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      close0(fd);
    }
  }

  /** A connected descriptor, or a negative errno. */
  private static native int connect0(byte[] path);

  /** The peer's uid (SO_PEERCRED), or a negative errno. */
  private static native int peerUid0(int fd);

  private static native int ownUid0();

  /** Bytes sent (at most {@link #CHUNK}), or a negative errno; never raises SIGPIPE. */
  private static native int write0(int fd, byte[] source, int offset, int length);

  /** Bytes received (at most {@link #CHUNK}), 0 at end of stream, or a negative errno. */
  private static native int read0(int fd, byte[] target, int offset, int length);

  private static native void close0(int fd);

  /** strerror's text for errno. */
  private static native String describe0(int errno);
}
