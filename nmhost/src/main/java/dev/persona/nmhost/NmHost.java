package dev.persona.nmhost;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/**
 * {@code persona-nmhost}: the Native Messaging host a browser starts for the Persona add-on. Checks
 * the caller ({@link CallerOrigin}), then serves framed JSON requests on stdin with one framed
 * reply each on stdout until the browser closes stdin.
 *
 * <p>Exit status: 0 when stdin ended between frames; 1 when the stream broke the framing or could
 * not be read or written; 2 when the host refused to start (caller not allowed, bad allow-list).
 *
 * <p>Runs everything on the main thread.
 */
public final class NmHost {
  static final int EXIT_REFUSED = 2;

  /** An access token for daemons that require one, as the CLI reads it. */
  static final String TOKEN_ENV = "PERSONA_TOKEN";

  private static final int MAX_TOKEN_LENGTH = 1024;

  private NmHost() {}

  public static void main(final String[] args) {
    final PrintStream err = System.err;
    final OutputStream protocol = new FileOutputStream(FileDescriptor.out);
    // stdout is the protocol channel: a stray println from any library must land on stderr instead.
    System.setOut(err);
    System.exit(
        run(
            args,
            new FileInputStream(FileDescriptor.in),
            protocol,
            err,
            System.getenv(),
            System.getProperty(CallerOrigin.ALLOWED_ORIGINS_PROPERTY)));
  }

  /**
   * Runs the host on the given streams.
   *
   * @param allowedOriginsProperty {@code -Dpersona.nmhost.allowedOrigins}, or null to read {@code
   *     PERSONA_NMHOST_ALLOWED_ORIGINS} from {@code env}
   * @return the exit status
   */
  static int run(
      final String[] args,
      final InputStream in,
      final OutputStream out,
      final PrintStream err,
      final Map<String, String> env,
      final String allowedOriginsProperty) {
    final CallerOrigin caller = CallerOrigin.fromArguments(args);
    final Set<String> allowed;
    try {
      allowed =
          CallerOrigin.parseAllowList(
              allowedOriginsProperty != null
                  ? allowedOriginsProperty
                  : env.get(CallerOrigin.ALLOWED_ORIGINS_ENV));
    } catch (final IllegalArgumentException e) {
      err.println("persona-nmhost: refusing to start: " + e.getMessage());
      return EXIT_REFUSED;
    }
    if (!caller.isAllowed(allowed)) {
      err.println(
          "persona-nmhost: refusing caller "
              + caller.origin()
              + ": not in -D"
              + CallerOrigin.ALLOWED_ORIGINS_PROPERTY
              + " / "
              + CallerOrigin.ALLOWED_ORIGINS_ENV
              + (allowed.isEmpty() ? " (empty, so every chrome-extension origin is refused)" : ""));
      return EXIT_REFUSED;
    }
    final JsonFactory json = HostJson.factory(new ZeroingRecyclerPool());
    final ReplyFrameBuffer reply =
        new ReplyFrameBuffer(NativeMessagingFrameDescriptor.MAX_REPLY_LENGTH);
    try (ClientDaemonAccess daemon =
        new ClientDaemonAccess(env, System.getProperty("user.home"), token(env, err))) {
      return new NativeMessagingHost(
              in,
              out,
              err,
              new RequestDecoder(json),
              new RequestHandler(daemon, caller.origin()),
              new ReplyWriter(json, reply),
              reply)
          .run();
    }
  }

  /** PERSONA_TOKEN as bytes when it looks like a token (printable ASCII); else none. */
  private static byte[] token(final Map<String, String> env, final PrintStream err) {
    final String value = env.get(TOKEN_ENV);
    if (value == null || value.isBlank()) {
      return null;
    }
    final String text = value.strip();
    if (text.length() > MAX_TOKEN_LENGTH) {
      err.println("persona-nmhost: ignoring " + TOKEN_ENV + ": it does not hold an access token");
      return null;
    }
    final byte[] token = new byte[text.length()];
    for (int i = 0; i < token.length; i++) {
      final char c = text.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        err.println("persona-nmhost: ignoring " + TOKEN_ENV + ": it does not hold an access token");
        return null;
      }
      token[i] = (byte) c;
    }
    return token;
  }
}
