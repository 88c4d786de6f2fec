package dev.persona.server.transport;

import io.netty.util.AttributeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is on one connection: the kernel's uid and pid and the executable the pid ran at connect
 * time. Immutable; safe to read from any thread.
 */
public final class ClientSession {
  /** Where a channel keeps its session. */
  public static final AttributeKey<ClientSession> KEY = AttributeKey.valueOf("persona.session");

  private static final AtomicLong NEXT_ID = new AtomicLong(1);

  /** Stands for a caller the kernel could not name: uid and pid -1, executable "?". */
  public static final ClientSession UNKNOWN = new ClientSession(new PeerIdentity(-1, -1));

  private final long sessionId;
  private final int uid;
  private final int pid;
  private final String executable;

  ClientSession(final PeerIdentity peer) {
    this.sessionId = NEXT_ID.getAndIncrement();
    this.uid = peer.uid();
    this.pid = peer.pid();
    this.executable = executableOf(peer.pid());
  }

  /** A session for in-process callers (tests, the daemon itself). */
  public static ClientSession local() {
    return new ClientSession(new PeerIdentity(OwnUid.get(), (int) ProcessHandle.current().pid()));
  }

  /** The session recorded on {@code channel}, or {@link #UNKNOWN}. */
  public static ClientSession of(final io.netty.channel.Channel channel) {
    final ClientSession session = channel.attr(KEY).get();
    return session == null ? UNKNOWN : session;
  }

  public long sessionId() {
    return sessionId;
  }

  public int uid() {
    return uid;
  }

  public int pid() {
    return pid;
  }

  /** The resolved {@code /proc/<pid>/exe} at connect time, or {@code "?"} when unreadable. */
  public String executable() {
    return executable;
  }

  /** The resolved {@code /proc/<pid>/exe}, or {@code "?"} when it cannot be read. */
  public static String executableOf(final int pid) {
    if (pid <= 0) {
      return "?";
    }
    try {
      return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "exe")).toString();
    } catch (final Exception ex) {
      return "?";
    }
  }

  @Override
  public String toString() {
    return "session=" + sessionId + " uid=" + uid + " pid=" + pid + " exe=" + executable;
  }
}
