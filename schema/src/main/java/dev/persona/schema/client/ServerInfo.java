package dev.persona.schema.client;

import java.util.List;

/**
 * What the daemon said in its Welcome: the negotiated protocol version and its features. Immutable
 * apart from any byte arrays, which the caller owns and should zero when done.
 */
public record ServerInfo(
    int version, List<String> features, String daemonVersion, int maxFrameLength) {}
