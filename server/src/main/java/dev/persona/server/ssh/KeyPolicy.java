package dev.persona.server.ssh;

import dev.persona.engine.AccessPolicy;
import dev.persona.engine.Field;
import dev.persona.engine.ItemView;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a vault SSH key may be used for, stored as plain fields of its item ({@code
 * policy.approval}, {@code policy.hosts}, {@code policy.executables}: comma-separated lists; {@code
 * policy.remember_ms}: decimal milliseconds). Immutable.
 *
 * @param approval {@code allow}, {@code ask} or {@code deny}
 * @param hosts host patterns the key is offered to ({@code *} and {@code ?} globs); empty = any
 * @param executables caller executables allowed to use the key; empty = any
 * @param rememberMs how long an allowed {@code ask} is remembered for the same caller executable
 *     (no prompt meanwhile); 0 = ask every time
 */
public record KeyPolicy(
    Approval approval, List<String> hosts, List<String> executables, long rememberMs) {
  /** What happens when a caller asks to sign. */
  public enum Approval {
    ALLOW,
    ASK,
    DENY
  }

  public static final String APPROVAL_FIELD = dev.persona.engine.Engine.APPROVAL_POLICY_FIELD;
  public static final String HOSTS_FIELD = "policy.hosts";
  public static final String EXECUTABLES_FIELD = dev.persona.engine.Engine.EXECUTABLES_POLICY_FIELD;
  public static final String REMEMBER_FIELD = "policy.remember_ms";

  public static final KeyPolicy DEFAULT = new KeyPolicy(Approval.ALLOW, List.of(), List.of());

  /** A policy that remembers nothing. */
  public KeyPolicy(
      final Approval approval, final List<String> hosts, final List<String> executables) {
    this(approval, hosts, executables, 0);
  }

  /** Reads the policy fields of an SSH key item. */
  public static KeyPolicy of(final ItemView item) {
    final Field approval = item.field(APPROVAL_FIELD);
    final Field hosts = item.field(HOSTS_FIELD);
    final Field executables = item.field(EXECUTABLES_FIELD);
    return new KeyPolicy(
        approval == null ? Approval.ALLOW : parseApproval(text(approval)),
        hosts == null ? List.of() : dev.persona.engine.Engine.policyList(text(hosts)),
        executables == null ? List.of() : dev.persona.engine.Engine.policyList(text(executables)),
        rememberMsOf(item));
  }

  /**
   * The item's {@link #REMEMBER_FIELD} in milliseconds; 0 when absent or unreadable (asking again
   * is the safe reading of a bad value).
   */
  public static long rememberMsOf(final ItemView item) {
    final Field remember = item.field(REMEMBER_FIELD);
    if (remember == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(text(remember).trim()));
    } catch (final NumberFormatException ex) {
      return 0;
    }
  }

  /**
   * This key's policy as its vault's policy narrows it: the stricter approval, and only callers on
   * both executables lists ({@link AccessPolicy#strictest}); hosts and the remember time stay the
   * key's. Null or allow-any leaves it as it is.
   */
  public KeyPolicy within(final AccessPolicy vault) {
    if (vault == null || vault.allowsAnyone()) {
      return this;
    }
    final AccessPolicy both = new AccessPolicy(access(approval), executables).strictest(vault);
    return new KeyPolicy(approval(both.approval()), hosts, both.executables(), rememberMs);
  }

  private static AccessPolicy.Approval access(final Approval approval) {
    return switch (approval) {
      case ALLOW -> AccessPolicy.Approval.ALLOW;
      case ASK -> AccessPolicy.Approval.ASK;
      case DENY -> AccessPolicy.Approval.DENY;
    };
  }

  private static Approval approval(final AccessPolicy.Approval approval) {
    return switch (approval) {
      case ALLOW -> Approval.ALLOW;
      case ASK -> Approval.ASK;
      case DENY -> Approval.DENY;
    };
  }

  static Approval parseApproval(final String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "ask", "confirm" -> Approval.ASK;
      case "deny" -> Approval.DENY;
      case "allow", "" -> Approval.ALLOW;
      default ->
          throw new IllegalArgumentException("field=policy.approval unknown value: " + value);
    };
  }

  /** Whether {@code executable} (a resolved path, or "?") may use the key. */
  public boolean allowsExecutable(final String executable) {
    return executables.isEmpty() || executables.contains(executable);
  }

  /**
   * Whether the key may sign for {@code destination}; a key with host rules is never offered to an
   * unbound connection. A rule is a host key fingerprint glob ({@code SHA256:…}) or a host name
   * glob matched against the names {@code known_hosts} gives the bound key (hashed entries match
   * exact names).
   */
  public boolean allowsHost(final Destination destination) {
    if (hosts.isEmpty()) {
      return true;
    }
    if (destination == null) {
      return false;
    }
    for (final String pattern : hosts) {
      if (pattern.startsWith("SHA256:")) {
        if (glob(pattern, 0, destination.fingerprint(), 0)) {
          return true;
        }
        continue;
      }
      for (final String name : destination.names()) {
        if (glob(pattern, 0, name, 0) || glob(pattern, 0, hostOf(name), 0)) {
          return true;
        }
      }
      if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
        for (final Destination.HashedName hashed : destination.hashedNames()) {
          if (hashedMatches(hashed, pattern)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** {@code [host]:port} → {@code host}; other names unchanged. */
  static String hostOf(final String name) {
    final int close = name.indexOf("]:");
    return name.startsWith("[") && close > 0 ? name.substring(1, close) : name;
  }

  private static boolean hashedMatches(final Destination.HashedName hashed, final String name) {
    try {
      final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
      mac.init(new javax.crypto.spec.SecretKeySpec(hashed.salt(), "HmacSHA1"));
      return java.security.MessageDigest.isEqual(
          mac.doFinal(name.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8)),
          hashed.hash());
    } catch (final java.security.GeneralSecurityException ex) {
      return false;
    }
  }

  static boolean glob(final String pattern, final int p, final String text, final int t) {
    if (p == pattern.length()) {
      return t == text.length();
    }
    final char c = pattern.charAt(p);
    if (c == '*') {
      for (int i = t; i <= text.length(); i++) {
        if (glob(pattern, p + 1, text, i)) {
          return true;
        }
      }
      return false;
    }
    return t < text.length()
        && (c == '?' || Character.toLowerCase(c) == Character.toLowerCase(text.charAt(t)))
        && glob(pattern, p + 1, text, t + 1);
  }

  private static String text(final Field field) {
    return new String(field.value(), StandardCharsets.UTF_8);
  }
}
