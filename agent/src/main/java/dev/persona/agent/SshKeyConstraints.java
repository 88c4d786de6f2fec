package dev.persona.agent;

import dev.persona.engine.ssh.SshKeyException;
import dev.persona.engine.ssh.SshWireReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Constraints of SSH_AGENTC_ADD_ID_CONSTRAINED: lifetime ({@code ssh-add -t}), confirm ({@code -c})
 * and destination restrictions ({@code -h}).
 *
 * <p>Immutable; safe on any thread. {@link #parse} refuses anything it does not understand
 * (MAXSIGN, smartcard and unknown extensions) rather than ignoring it.
 */
public final class SshKeyConstraints {
  /** No constraints. */
  public static final SshKeyConstraints NONE = new SshKeyConstraints(0, false, List.of());

  private final long lifetimeSeconds;
  private final boolean confirm;
  private final List<SshDestinationConstraint> destinations;

  public SshKeyConstraints(
      final long lifetimeSeconds,
      final boolean confirm,
      final List<SshDestinationConstraint> destinations) {
    this.lifetimeSeconds = lifetimeSeconds;
    this.confirm = confirm;
    this.destinations = List.copyOf(destinations);
  }

  /** Seconds the key lives after being added; 0 for no limit. */
  public long lifetimeSeconds() {
    return lifetimeSeconds;
  }

  /** Whether every use must be confirmed. */
  public boolean confirm() {
    return confirm;
  }

  /** Destination rules; empty for an unrestricted key. */
  public List<SshDestinationConstraint> destinations() {
    return destinations;
  }

  /**
   * Parses the constraints that follow the key and comment, to the end of {@code reader}.
   *
   * @throws SshKeyException MALFORMED for bad encodings, UNSUPPORTED for constraints we refuse
   */
  public static SshKeyConstraints parse(final SshWireReader reader) {
    long lifetime = 0;
    boolean lifetimeSet = false;
    boolean confirm = false;
    List<SshDestinationConstraint> destinations = null;
    while (reader.hasRemaining()) {
      final int type = reader.readUint8("constraint.type");
      switch (type) {
        case SshAgentProtocol.SSH_AGENT_CONSTRAIN_LIFETIME -> {
          if (lifetimeSet) {
            throw malformed("lifetime_repeated");
          }
          lifetime = reader.readUint32Unsigned("constraint.lifetime");
          lifetimeSet = true;
        }
        case SshAgentProtocol.SSH_AGENT_CONSTRAIN_CONFIRM -> {
          if (confirm) {
            throw malformed("confirm_repeated");
          }
          confirm = true;
        }
        case SshAgentProtocol.SSH_AGENT_CONSTRAIN_EXTENSION -> {
          final String name = reader.readUtf8("constraint.extension");
          if (!SshAgentProtocol.CONSTRAINT_RESTRICT_DESTINATION.equals(name)) {
            throw new SshKeyException(
                SshKeyException.Kind.UNSUPPORTED, "reason=unknown_constraint_extension");
          }
          if (destinations != null) {
            throw malformed("restrict_destination_repeated");
          }
          destinations = new ArrayList<>();
          final int start = reader.skipString("constraint.destinations");
          final SshWireReader rules =
              new SshWireReader(reader.buffer(), start, reader.position() - start);
          while (rules.hasRemaining()) {
            destinations.add(parseDestination(rules));
          }
        }
        default ->
            throw new SshKeyException(
                SshKeyException.Kind.UNSUPPORTED, "reason=unknown_constraint type=" + type);
      }
    }
    return new SshKeyConstraints(
        lifetime,
        confirm,
        destinations == null ? List.of() : Collections.unmodifiableList(destinations));
  }

  private static SshDestinationConstraint parseDestination(final SshWireReader rules) {
    final int start = rules.skipString("destination");
    final SshWireReader rule = new SshWireReader(rules.buffer(), start, rules.position() - start);
    final SshDestinationConstraint.Hop from = parseHop(rule, "from");
    final SshDestinationConstraint.Hop to = parseHop(rule, "to");
    final int reserved = rule.skipString("destination.reserved");
    if (rule.position() != reserved || rule.hasRemaining()) {
      throw new SshKeyException(SshKeyException.Kind.UNSUPPORTED, "reason=destination_extensions");
    }
    // The same consistency checks as OpenSSH's parse_dest_constraint.
    if ((from.hostname() == null) != from.keys().isEmpty() || from.user() != null) {
      throw malformed("inconsistent_from");
    }
    if (to.hostname() == null || to.keys().isEmpty()) {
      throw malformed("incomplete_to");
    }
    return new SshDestinationConstraint(from, to);
  }

  private static SshDestinationConstraint.Hop parseHop(
      final SshWireReader rule, final String name) {
    final int start = rule.skipString(name);
    final SshWireReader hop = new SshWireReader(rule.buffer(), start, rule.position() - start);
    final String user = emptyToNull(hop.readUtf8(name + ".user"));
    final String hostname = emptyToNull(hop.readUtf8(name + ".hostname"));
    final int reserved = hop.skipString(name + ".reserved");
    if (hop.position() != reserved) {
      throw new SshKeyException(SshKeyException.Kind.UNSUPPORTED, "reason=hop_extensions");
    }
    final List<SshDestinationConstraint.HopKey> keys = new ArrayList<>();
    while (hop.hasRemaining()) {
      final byte[] blob = hop.readString(name + ".key");
      final boolean ca = hop.readBoolean(name + ".is_ca");
      keys.add(new SshDestinationConstraint.HopKey(blob, ca));
    }
    return new SshDestinationConstraint.Hop(user, hostname, List.copyOf(keys));
  }

  private static String emptyToNull(final String value) {
    return value.isEmpty() ? null : value;
  }

  private static SshKeyException malformed(final String reason) {
    return new SshKeyException(SshKeyException.Kind.MALFORMED, "reason=" + reason);
  }
}
