package dev.persona.server;

import dev.persona.server.token.TokenSettings;
import java.nio.file.Path;

/**
 * Everything {@link Daemon} needs to start, resolved by {@link Personad} from the environment and
 * the command line.
 *
 * @param home data directory ({@code PERSONA_HOME})
 * @param rpcSocket the RPC socket path
 * @param agentSocket the SSH agent socket path
 * @param ioThreads Netty event-loop threads shared by both sockets
 * @param signThreads threads that sign for the agent (crypto runs off the event loops)
 * @param maxConnections connections accepted at once per socket
 * @param idleTimeoutSeconds an RPC connection silent this long is closed
 * @param testKdf use the test-only tiny KDF parameters (never in production)
 * @param approvalTimeoutMs a pending approval nobody answers is denied after this long
 * @param tokens whether RPCs require an access token, and token lifetimes
 */
public record DaemonConfig(
    Path home,
    Path rpcSocket,
    Path agentSocket,
    int ioThreads,
    int signThreads,
    int maxConnections,
    int idleTimeoutSeconds,
    boolean testKdf,
    long approvalTimeoutMs,
    TokenSettings tokens) {
  /** The defaults for this machine: one I/O and one signing thread per core. */
  public static DaemonConfig defaults(
      final Path home, final Path rpcSocket, final Path agentSocket) {
    final int cores = Runtime.getRuntime().availableProcessors();
    return new DaemonConfig(
        home,
        rpcSocket,
        agentSocket,
        Integer.getInteger("persona.io.threads", cores),
        Integer.getInteger("persona.sign.threads", cores),
        4096,
        3600,
        Boolean.getBoolean("persona.test.kdf.tiny"),
        Long.getLong("persona.approval.timeout.ms", 60_000),
        TokenSettings.fromSystemProperties());
  }
}
