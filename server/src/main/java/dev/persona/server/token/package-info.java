/**
 * Scoped access tokens ({@code persona unlock --print-token}, {@code persona token …}): the {@link
 * dev.persona.server.token.TokenRegistry} that issues, checks and revokes them, the {@link
 * dev.persona.server.token.RequestAccess} table saying what each scope may do, and the daemon's
 * {@link dev.persona.server.token.TokenSettings}. No I/O and no threads: the RPC dispatcher drives
 * it on the conductor thread. Critical path: {@code authenticate} on every request that carries a
 * token (one SHA-256 and a constant-time scan, no allocation).
 */
package dev.persona.server.token;
