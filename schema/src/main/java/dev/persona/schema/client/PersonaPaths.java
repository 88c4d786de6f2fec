package dev.persona.schema.client;

import dev.persona.schema.fb.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * Where Persona keeps its data and its sockets (DESIGN.md §1), shared by the daemon and every
 * client so that both sides always agree. Immutable and thread-safe.
 *
 * <ul>
 *   <li>Data: {@code PERSONA_HOME}, default {@code ~/.persona}.
 *   <li>Sockets: {@code PERSONA_RUNTIME_DIR} if set; else {@code $XDG_RUNTIME_DIR/persona} when
 *       {@code PERSONA_HOME} is not set; else {@code $PERSONA_HOME/run}. So two homes never share a
 *       socket.
 *   <li>Socket names: {@code persona.sock} (RPC) and {@code agent.sock} (OpenSSH agent).
 * </ul>
 *
 * A socket path longer than {@code sun_path} allows (108 bytes including the terminating NUL) is
 * refused with a {@link PersonaClientException} naming the path, never left to fail deep inside a
 * bind or connect.
 *
 * <p>Resolved as strings, and a {@link Path} made only when asked for: the first {@link Path} of a
 * process initialises the NIO file system (libnio, getcwd, a cleaner thread), which costs a {@code
 * persona read} ~1.2 ms it otherwise never needs.
 */
public final class PersonaPaths {
  public static final String HOME_ENV = "PERSONA_HOME";
  public static final String RUNTIME_DIR_ENV = "PERSONA_RUNTIME_DIR";
  public static final String XDG_RUNTIME_DIR_ENV = "XDG_RUNTIME_DIR";
  public static final String RPC_SOCKET_NAME = "persona.sock";
  public static final String AGENT_SOCKET_NAME = "agent.sock";

  /** Linux {@code sizeof(struct sockaddr_un.sun_path)}, which includes the terminating NUL. */
  public static final int SUN_PATH_LENGTH = 108;

  private final String home;
  private final String runtimeDir;

  private PersonaPaths(final String home, final String runtimeDir) {
    this.home = home;
    this.runtimeDir = runtimeDir;
  }

  /** Resolves from this process's environment and {@code user.home}. */
  public static PersonaPaths fromEnvironment() {
    return resolve(System.getenv(), System.getProperty("user.home"));
  }

  /**
   * Resolves from an explicit environment.
   *
   * @param env environment variables (only the PERSONA_* and XDG_RUNTIME_DIR entries are read)
   * @param userHome the user's home directory, used when {@code PERSONA_HOME} is unset
   * @throws PersonaClientException (BAD_INPUT) when a socket path would not fit in {@code sun_path}
   */
  public static PersonaPaths resolve(final Map<String, String> env, final String userHome) {
    final String homeValue = nonEmpty(env.get(HOME_ENV));
    final String home = absoluteNormal(homeValue != null ? homeValue : userHome + "/.persona");
    final String runtimeValue = nonEmpty(env.get(RUNTIME_DIR_ENV));
    final String xdgValue = nonEmpty(env.get(XDG_RUNTIME_DIR_ENV));
    final String runtimeDir;
    if (runtimeValue != null) {
      runtimeDir = runtimeValue;
    } else if (homeValue == null && xdgValue != null) {
      runtimeDir = xdgValue + "/persona";
    } else {
      runtimeDir = home + "/run";
    }
    final PersonaPaths paths = new PersonaPaths(home, absoluteNormal(runtimeDir));
    checkSunPath(paths.rpcSocketPathname());
    checkSunPath(paths.agentSocketPathname());
    return paths;
  }

  /** The data directory ({@code PERSONA_HOME}). */
  public Path home() {
    return Path.of(home);
  }

  /** The directory holding both sockets (mode 0700, created by the daemon). */
  public Path runtimeDir() {
    return Path.of(runtimeDir);
  }

  /** The RPC socket, {@code persona.sock}. */
  public Path rpcSocket() {
    return Path.of(rpcSocketPathname());
  }

  /** The RPC socket as a string, for a client that has no other use for {@link Path}. */
  public String rpcSocketPathname() {
    return child(runtimeDir, RPC_SOCKET_NAME);
  }

  /** The OpenSSH agent socket, {@code agent.sock}. */
  public Path agentSocket() {
    return Path.of(agentSocketPathname());
  }

  /** The OpenSSH agent socket as a string. */
  public String agentSocketPathname() {
    return child(runtimeDir, AGENT_SOCKET_NAME);
  }

  /**
   * What {@code Path.of(path).toAbsolutePath().normalize().toString()} gives, without the NIO file
   * system: relative to {@code user.dir} (the working directory at start, which {@code
   * toAbsolutePath} uses too), empty and "." segments dropped, ".." removing the segment before it
   * (never above the root).
   *
   * @throws PersonaClientException (BAD_INPUT) when path contains NUL, as {@link Path#of} refuses
   */
  static String absoluteNormal(final String path) {
    if (path.indexOf('\0') >= 0) {
      throw new PersonaClientException(ErrorCode.BAD_INPUT, "path contains NUL: " + path);
    }
    final String absolute =
        path.startsWith("/") ? path : System.getProperty("user.dir") + "/" + path;
    final ArrayDeque<String> segments = new ArrayDeque<>();
    for (final String segment : absolute.split("/")) {
      if (segment.equals("..")) {
        segments.pollLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.addLast(segment);
      }
    }
    if (segments.isEmpty()) {
      return "/";
    }
    final StringBuilder normal = new StringBuilder(absolute.length());
    for (final String segment : segments) {
      normal.append('/').append(segment);
    }
    return normal.toString();
  }

  private static String child(final String directory, final String name) {
    return directory.equals("/") ? "/" + name : directory + "/" + name;
  }

  /**
   * Refuses a socket path that does not fit in {@code sun_path}.
   *
   * @throws PersonaClientException (BAD_INPUT) naming the path and its length
   */
  public static void checkSunPath(final Path socket) {
    checkSunPath(socket.toString());
  }

  /**
   * Refuses a socket path that does not fit in {@code sun_path}.
   *
   * @throws PersonaClientException (BAD_INPUT) naming the path and its length
   */
  public static void checkSunPath(final String socket) {
    final int length = socket.getBytes(StandardCharsets.UTF_8).length;
    if (length + 1 > SUN_PATH_LENGTH) {
      throw new PersonaClientException(
          ErrorCode.BAD_INPUT,
          "socket path too long for a Unix socket: path="
              + socket
              + " bytes="
              + length
              + " max="
              + (SUN_PATH_LENGTH - 1)
              + "; set "
              + RUNTIME_DIR_ENV
              + " to a shorter directory");
    }
  }

  private static String nonEmpty(final String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  @Override
  public String toString() {
    return "PersonaPaths{home=" + home + ", runtimeDir=" + runtimeDir + '}';
  }
}
