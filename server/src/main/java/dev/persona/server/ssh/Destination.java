package dev.persona.server.ssh;

import java.util.List;

/**
 * Where an agent connection is signing for, as proven by {@code session-bind@openssh.com}: the host
 * key's fingerprint and the names {@code known_hosts} gives that key.
 *
 * @param fingerprint {@code SHA256:…} of the bound host key
 * @param names plain host names (and {@code [host]:port} forms) listed with that key
 * @param hashedNames hashed {@code known_hosts} entries ({@code |1|salt|hash}) listed with that key
 */
public record Destination(String fingerprint, List<String> names, List<HashedName> hashedNames) {
  /** One hashed known_hosts host field: HMAC-SHA1(salt, name) = hash. */
  public record HashedName(byte[] salt, byte[] hash) {}

  /** A destination known only by its key. */
  public static Destination ofKey(final String fingerprint) {
    return new Destination(fingerprint, List.of(), List.of());
  }

  /** For audit: the first name, or the fingerprint. */
  public String describe() {
    return names.isEmpty() ? fingerprint : names.get(0) + " (" + fingerprint + ")";
  }
}
