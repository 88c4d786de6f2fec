package dev.persona.schema.client;

/**
 * The daemon's answer to {@code status}. Immutable apart from any byte arrays, which the caller
 * owns and should zero when done.
 */
public record DaemonStatus(
    boolean initialized,
    boolean locked,
    String version,
    String rpcSocket,
    String agentSocket,
    String dataDir,
    int vaultCount,
    long lockAtMs,
    long uptimeMs,
    long pid) {}
