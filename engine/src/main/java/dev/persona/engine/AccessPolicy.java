package dev.persona.engine;

import dev.persona.engine.PersonaException.Category;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who may use the concealed values of a vault, an item or an SSH key: an approval mode and an
 * optional allow-list of caller executables (exact resolved {@code /proc/<pid>/exe} paths; empty =
 * any caller). A vault's policy lives in its sealed record, an item's or key's in its {@code
 * policy.*} fields; a caller gets what the {@link #strictest} of its vault's and its own allows.
 *
 * <p>Immutable; thread-safe. {@link #allowsExecutable} does not allocate, so the lookup hot path
 * can check a vault's policy on every request.
 *
 * @param approval what a caller the executables list lets through must go through
 * @param executables the only callers allowed (in the order given, no duplicates); empty = any
 */
public record AccessPolicy(Approval approval, List<String> executables) {
  /** Most executables a vault policy may list (a policy, not a database). */
  public static final int MAX_EXECUTABLES = 64;

  /** Longest executable path, in UTF-8 bytes (Linux's PATH_MAX). */
  public static final int MAX_EXECUTABLE_BYTES = 4096;

  /** What a vault that never had a policy means: anyone may, without asking. */
  public static final AccessPolicy ALLOW_ANY = new AccessPolicy(Approval.ALLOW, List.of());

  /** What happens when an allowed caller asks; ordered from loosest to strictest. */
  public enum Approval {
    ALLOW,
    ASK,
    DENY;

    /** The stricter of the two. */
    public Approval strictest(final Approval other) {
      return compareTo(other) >= 0 ? this : other;
    }

    /**
     * This mode as {@link Engine#readField} reports it: 0, {@link Engine#NEEDS_APPROVAL} or {@link
     * Engine#POLICY_DENIED}.
     */
    public int status() {
      return switch (this) {
        case ALLOW -> 0;
        case ASK -> Engine.NEEDS_APPROVAL;
        case DENY -> Engine.POLICY_DENIED;
      };
    }
  }

  public AccessPolicy {
    Objects.requireNonNull(approval, "approval");
    executables = List.copyOf(executables);
  }

  /**
   * A policy as a user asked for it: {@code executables} checked (non-blank, at most {@link
   * #MAX_EXECUTABLES} of at most {@link #MAX_EXECUTABLE_BYTES} bytes each) and de-duplicated.
   *
   * @throws PersonaException {@link Category#BAD_INPUT} naming what is wrong
   */
  public static AccessPolicy of(final Approval approval, final List<String> executables) {
    final List<String> unique = new ArrayList<>();
    for (final String path : executables) {
      if (path == null || path.isBlank()) {
        throw new PersonaException(Category.BAD_INPUT, "field=executables problem=empty path");
      }
      if (path.getBytes(StandardCharsets.UTF_8).length > MAX_EXECUTABLE_BYTES) {
        throw new PersonaException(Category.BAD_INPUT, "field=executables problem=path too long");
      }
      if (!unique.contains(path)) {
        unique.add(path);
      }
    }
    if (unique.size() > MAX_EXECUTABLES) {
      throw new PersonaException(
          Category.BAD_INPUT,
          "field=executables problem=more than " + MAX_EXECUTABLES + " executables");
    }
    return new AccessPolicy(approval, unique);
  }

  /** Whether this policy lets anyone do anything without asking (what an old vault means). */
  public boolean allowsAnyone() {
    return approval == Approval.ALLOW && executables.isEmpty();
  }

  /**
   * Whether the executables list lets {@code executable} (a resolved path; "", "?" or null when
   * unknown, which no list names) through. Allocation-free.
   */
  public boolean allowsExecutable(final String executable) {
    return executables.isEmpty() || (executable != null && executables.contains(executable));
  }

  /**
   * The policy that lets a caller do exactly what both this one and {@code other} let it do: the
   * stricter approval (deny &gt; ask &gt; allow), and a caller must be on both executables lists
   * (an empty list lets anyone). Two lists with no executable in common let nobody, so the result
   * is then {@code deny}.
   */
  public AccessPolicy strictest(final AccessPolicy other) {
    final Approval strictest = approval.strictest(other.approval);
    if (other.executables.isEmpty()) {
      return strictest == approval ? this : new AccessPolicy(strictest, executables);
    }
    if (executables.isEmpty()) {
      return strictest == other.approval ? other : new AccessPolicy(strictest, other.executables);
    }
    final List<String> both = new ArrayList<>();
    for (final String path : executables) {
      if (other.executables.contains(path)) {
        both.add(path);
      }
    }
    return both.isEmpty()
        ? new AccessPolicy(Approval.DENY, List.of())
        : new AccessPolicy(strictest, both);
  }

  /**
   * Whether replacing this policy with {@code next} could let some caller do something it cannot
   * now: a looser approval, or an executable this list does not name (dropping the list counts).
   * Such a change needs someone's approval; tightening does not.
   */
  public boolean isLoosenedBy(final AccessPolicy next) {
    if (next.approval == Approval.DENY) {
      return false; // nobody can use it, whatever the list says
    }
    if (next.approval.compareTo(approval) < 0) {
      return true;
    }
    if (executables.isEmpty()) {
      return false;
    }
    return next.executables.isEmpty() || !executables.containsAll(next.executables);
  }

  /** One line for audit events and messages, e.g. {@code approval=ask executables=/usr/bin/git}. */
  public String describe() {
    return "approval="
        + approval.name().toLowerCase(java.util.Locale.ROOT)
        + " executables="
        + (executables.isEmpty() ? "any" : String.join(",", executables));
  }
}
