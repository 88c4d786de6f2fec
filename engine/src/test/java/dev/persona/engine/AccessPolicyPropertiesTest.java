package dev.persona.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.AccessPolicy.Approval;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AccessPolicyPropertiesTest {
  /** A few paths, so that lists overlap often, plus the unknown caller. */
  private static final List<String> CALLERS =
      List.of("/usr/bin/git", "/usr/bin/ssh", "/usr/bin/curl", "/usr/bin/python3", "?");

  @Provide
  Arbitrary<AccessPolicy> policies() {
    return Combinators.combine(
            Arbitraries.of(Approval.class),
            Arbitraries.of(CALLERS.subList(0, 4)).list().ofMaxSize(4).uniqueElements())
        .as(AccessPolicy::new);
  }

  @Provide
  Arbitrary<String> callers() {
    return Arbitraries.of(CALLERS);
  }

  /** DENY when a list refuses the caller, else the approval it must go through. */
  private static Approval outcome(final AccessPolicy policy, final String caller) {
    return policy.allowsExecutable(caller) ? policy.approval() : Approval.DENY;
  }

  @Property
  void shouldNeverBeLooserThanEitherPolicyForAnyCaller(
      @ForAll("policies") final AccessPolicy vault,
      @ForAll("policies") final AccessPolicy own,
      @ForAll("callers") final String caller) {
    final Approval effective = outcome(vault.strictest(own), caller);
    assertTrue(effective.compareTo(outcome(vault, caller)) >= 0, "looser than the vault's");
    assertTrue(effective.compareTo(outcome(own, caller)) >= 0, "looser than its own");
  }

  @Property
  void shouldBeExactlyAsStrictAsTheStricterOfTheTwoForEachCaller(
      @ForAll("policies") final AccessPolicy vault,
      @ForAll("policies") final AccessPolicy own,
      @ForAll("callers") final String caller) {
    // Not stricter than needed either: a caller both let through gets the stricter approval.
    assertEquals(
        outcome(vault, caller).strictest(outcome(own, caller)),
        outcome(vault.strictest(own), caller));
  }

  @Property
  void shouldCombineEngineStatusesAsTheApprovalsCombine(
      @ForAll final Approval a, @ForAll final Approval b) {
    assertEquals(a.strictest(b).status(), Engine.strictestApproval(a.status(), b.status()));
  }

  @Property
  void shouldNeverCallTighteningLoosening(
      @ForAll("policies") final AccessPolicy current,
      @ForAll("policies") final AccessPolicy other) {
    assertFalse(current.isLoosenedBy(current.strictest(other)));
  }

  @Property
  void shouldCallEveryChangeThatLetsSomeCallerMoreLoosening(
      @ForAll("policies") final AccessPolicy current, @ForAll("policies") final AccessPolicy next) {
    boolean someCallerGains = false;
    for (final String caller : CALLERS) {
      someCallerGains |= outcome(next, caller).compareTo(outcome(current, caller)) < 0;
    }
    if (someCallerGains) {
      assertTrue(current.isLoosenedBy(next), current.describe() + " -> " + next.describe());
    }
  }
}
