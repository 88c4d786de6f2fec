package dev.persona.nmhost;

import dev.persona.schema.client.DaemonStatus;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.ItemPage;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.PersonaPaths;
import dev.persona.schema.client.RefValue;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.fb.ErrorCode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@link DaemonAccess} over one {@link PersonaClient} connection, opened at the first request that
 * needs the daemon (a {@code hello} does not) and kept for the host's life. A failure that may have
 * left the connection unusable drops it, and the next request connects again, so a daemon restarted
 * while the browser stays open is picked up. The host does not start the daemon: that is the CLI's
 * job (and a browser-started JVM should not become the vault's parent).
 *
 * <p>Not thread-safe: owned by the host's main thread.
 */
final class ClientDaemonAccess implements DaemonAccess {
  static final String CLIENT_NAME = "persona-nmhost";

  private final Map<String, String> env;
  private final String userHome;
  private final byte[] token;
  private PersonaClient client;

  /**
   * @param env the environment the socket path is resolved from ({@link PersonaPaths})
   * @param userHome the user's home, for the default {@code ~/.persona}
   * @param token an access token to present (PERSONA_TOKEN), or null; zeroed by {@link #close()}
   */
  ClientDaemonAccess(final Map<String, String> env, final String userHome, final byte[] token) {
    this.env = env;
    this.userHome = userHome;
    this.token = token;
  }

  @Override
  public DaemonStatus status() {
    final PersonaClient c = client();
    try {
      return c.status();
    } catch (final PersonaClientException e) {
      throw dropIfBroken(e);
    }
  }

  @Override
  public ItemPage search(
      final String vault, final int searchKind, final String term, final int limit) {
    final PersonaClient c = client();
    try {
      return c.searchItems(vault, searchKind, term, limit);
    } catch (final PersonaClientException e) {
      throw dropIfBroken(e);
    }
  }

  @Override
  public ItemEntry item(final String vault, final String item) {
    final PersonaClient c = client();
    try {
      return c.getItem(vault, item, false);
    } catch (final PersonaClientException e) {
      throw dropIfBroken(e);
    }
  }

  @Override
  public RefValue read(final SecretRef ref) {
    final PersonaClient c = client();
    try {
      return c.readRefValues(List.of(ref)).get(0);
    } catch (final PersonaClientException e) {
      throw dropIfBroken(e);
    }
  }

  private PersonaClient client() {
    if (client == null) {
      final Path socket;
      try {
        socket = PersonaPaths.resolve(env, userHome).rpcSocket();
      } catch (final PersonaClientException e) {
        // BAD_INPUT here is the environment's fault (a socket path too long), not the request's.
        throw new PersonaClientException(ErrorCode.INTERNAL, e.getMessage(), e);
      }
      final PersonaClient connected = PersonaClient.connect(socket, CLIENT_NAME);
      if (token != null) {
        connected.useToken(token);
      }
      client = connected;
    }
    return client;
  }

  /**
   * These codes are what the client reports when the connection itself failed (lost, a bad frame, a
   * daemon that would not talk); after them the socket is closed or of unknown state.
   */
  private PersonaClientException dropIfBroken(final PersonaClientException e) {
    switch (e.errorCode()) {
      case ErrorCode.INTERNAL,
          ErrorCode.MALFORMED,
          ErrorCode.TOO_LARGE,
          ErrorCode.UNSUPPORTED_VERSION,
          ErrorCode.HANDSHAKE_REQUIRED -> {
        if (client != null) {
          client.close();
          client = null;
        }
      }
      default -> {
        // An answer about this request; the connection is fine.
      }
    }
    return e;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (token != null) {
      Arrays.fill(token, (byte) 0);
    }
  }
}
