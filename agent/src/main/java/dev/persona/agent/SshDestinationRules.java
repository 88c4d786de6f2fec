package dev.persona.agent;

import dev.persona.engine.ssh.SshCertificate;
import dev.persona.engine.ssh.SshKeyException;
import dev.persona.engine.ssh.SshPublicKeys;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether a destination-restricted key may be listed or used on a connection, following
 * OpenSSH ssh-agent's {@code identity_permitted}, {@code permitted_by_dest_constraints} and {@code
 * match_key_hop} step for step. Stateless; safe on any thread.
 */
final class SshDestinationRules {
  private SshDestinationRules() {}

  /**
   * The hostname of the rule that matched the last hop, or null; set by {@link #identityPermitted}.
   */
  static final class Match {
    String lastHostname;
  }

  /**
   * Whether a key with {@code constraints} is usable on {@code session}; {@code user} is null when
   * listing identities and the requested server user when signing.
   */
  static boolean identityPermitted(
      final List<SshDestinationConstraint> constraints,
      final SshAgentSession session,
      final String user,
      final Match match,
      final long nowEpochSeconds) {
    if (constraints.isEmpty()) {
      return true;
    }
    final List<SshSessionBinding> bindings = session.bindings();
    if (session.sessionBindAttempted() && bindings.isEmpty()) {
      return false; // a bind was tried and failed: refuse rather than treat as local use
    }
    if (bindings.isEmpty()) {
      return true; // local use (ssh-add -l, ssh-keygen -Y on this machine)
    }
    byte[] fromKey = null;
    for (int i = 0; i < bindings.size(); i++) {
      final SshSessionBinding hop = bindings.get(i);
      final boolean last = i == bindings.size() - 1;
      final String testUser = last ? user : null;
      final String hostname =
          permittedByDestConstraints(
              fromKey, hop.hostKeyBlob(), constraints, testUser, nowEpochSeconds);
      if (hostname == null) {
        return false;
      }
      if (last && match != null) {
        match.lastHostname = hostname;
      }
      fromKey = hop.hostKeyBlob();
    }
    // Hide keys that may authenticate *to* the last host but not be used beyond it.
    final SshSessionBinding last = bindings.get(bindings.size() - 1);
    return !(last.forwarding()
        && user == null
        && permittedByDestConstraints(last.hostKeyBlob(), null, constraints, null, nowEpochSeconds)
            == null);
  }

  /** The matching rule's destination hostname ("*" when none), or null when no rule matches. */
  static String permittedByDestConstraints(
      final byte[] fromKey,
      final byte[] toKey,
      final List<SshDestinationConstraint> constraints,
      final String user,
      final long nowEpochSeconds) {
    for (final SshDestinationConstraint rule : constraints) {
      if (fromKey == null) {
        if (rule.from().hostname() != null || !rule.from().keys().isEmpty()) {
          continue;
        }
      } else if (!matchKeyHop(fromKey, rule.from(), nowEpochSeconds)) {
        continue;
      }
      if (toKey != null && !matchKeyHop(toKey, rule.to(), nowEpochSeconds)) {
        continue;
      }
      if (rule.to().user() != null && user != null && !matchPattern(user, rule.to().user())) {
        continue;
      }
      return rule.to().hostname() == null ? "*" : rule.to().hostname();
    }
    return null;
  }

  static boolean matchKeyHop(
      final byte[] key, final SshDestinationConstraint.Hop hop, final long nowEpochSeconds) {
    final String hostname = hop.hostname() == null ? "(ORIGIN)" : hop.hostname();
    for (final SshDestinationConstraint.HopKey hopKey : hop.keys()) {
      if (!hopKey.certificateAuthority()) {
        if (Arrays.equals(key, hopKey.keyBlob())) {
          return true;
        }
        continue;
      }
      if (hostCertificateMatches(key, hopKey.keyBlob(), hostname, nowEpochSeconds)) {
        return true;
      }
    }
    return false;
  }

  /** OpenSSH's sshkey_cert_check_host with wildcard principals, plus the CA signature check. */
  private static boolean hostCertificateMatches(
      final byte[] key, final byte[] caKey, final String hostname, final long nowEpochSeconds) {
    try {
      if (!SshPublicKeys.typeName(key).endsWith("-cert-v01@openssh.com")) {
        return false;
      }
      final SshCertificate certificate = SshCertificate.parse(key);
      if (!Arrays.equals(certificate.signatureKeyBlob(), caKey)
          || certificate.certType() != SshCertificate.SSH_CERT_TYPE_HOST
          || !certificate.isValidAt(nowEpochSeconds)) {
        return false;
      }
      boolean principalOk = certificate.principals().isEmpty();
      for (final String principal : certificate.principals()) {
        if (matchPattern(hostname, principal)) {
          principalOk = true;
          break;
        }
      }
      return principalOk && certificate.verifySignature();
    } catch (final SshKeyException e) {
      return false;
    }
  }

  /** OpenSSH match_pattern: '*' and '?' wildcards, case-sensitive. */
  static boolean matchPattern(final String s, final String pattern) {
    return match(s, 0, pattern, 0);
  }

  private static boolean match(final String s, final int si, final String p, final int pi) {
    int i = si;
    int j = pi;
    while (j < p.length()) {
      final char c = p.charAt(j);
      if (c == '*') {
        for (int k = i; k <= s.length(); k++) {
          if (match(s, k, p, j + 1)) {
            return true;
          }
        }
        return false;
      }
      if (i >= s.length() || (c != '?' && c != s.charAt(i))) {
        return false;
      }
      i++;
      j++;
    }
    return i == s.length();
  }
}
