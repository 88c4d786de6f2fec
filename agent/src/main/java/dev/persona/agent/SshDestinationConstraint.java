package dev.persona.agent;

import java.util.List;

/**
 * One {@code restrict-destination-v00@openssh.com} rule ({@code ssh-add -h}): a key may be used
 * from the {@code from} hop to the {@code to} hop.
 *
 * <p>Immutable; safe on any thread.
 *
 * @param from the hop the connection comes from: no hostname and no keys means "this machine"
 * @param to the destination hop: always has a hostname and at least one key
 */
public record SshDestinationConstraint(Hop from, Hop to) {
  /**
   * One hop of a rule.
   *
   * @param user the user pattern at the destination, or null for any
   * @param hostname the host name as written in ssh-add -h, or null
   * @param keys the host keys (or CA keys) that identify the hop
   */
  public record Hop(String user, String hostname, List<HopKey> keys) {}

  /**
   * A host key, or a CA key that signs host certificates for the hop's hostname.
   *
   * @param keyBlob the public key blob
   * @param certificateAuthority whether {@code keyBlob} is a CA key
   */
  public record HopKey(byte[] keyBlob, boolean certificateAuthority) {}
}
