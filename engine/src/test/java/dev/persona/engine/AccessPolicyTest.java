package dev.persona.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.AccessPolicy.Approval;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessPolicyTest {
  private static final String GIT = "/usr/bin/git";
  private static final String SSH = "/usr/bin/ssh";

  /** "-" is an empty list (any caller); otherwise paths separated by spaces. */
  private static AccessPolicy policy(final String approval, final String executables) {
    return new AccessPolicy(
        Approval.valueOf(approval),
        executables.equals("-") ? List.of() : Arrays.asList(executables.split(" ")));
  }

  /** What a caller gets: DENY when a list refuses it, else the approval it must go through. */
  private static Approval outcome(final AccessPolicy policy, final String caller) {
    return policy.allowsExecutable(caller) ? policy.approval() : Approval.DENY;
  }

  @ParameterizedTest(name = "vault {0} [{1}] + own {2} [{3}], caller {4} -> {5}")
  @CsvSource(
      delimiter = '|',
      value = {
        // approvals: deny > ask > allow, whichever side says it
        "ALLOW | -                       | ALLOW | -                       | /usr/bin/git  | ALLOW",
        "ALLOW | -                       | ASK   | -                       | /usr/bin/git  | ASK",
        "ASK   | -                       | ALLOW | -                       | /usr/bin/git  | ASK",
        "ASK   | -                       | ASK   | -                       | /usr/bin/git  | ASK",
        "DENY  | -                       | ALLOW | -                       | /usr/bin/git  | DENY",
        "ALLOW | -                       | DENY  | -                       | /usr/bin/git  | DENY",
        "DENY  | -                       | ASK   | -                       | /usr/bin/git  | DENY",
        "ASK   | -                       | DENY  | -                       | /usr/bin/git  | DENY",
        // executables: the caller must be on both lists; an empty list lets anyone
        "ALLOW | /usr/bin/git            | ALLOW | -                       | /usr/bin/git  | ALLOW",
        "ALLOW | /usr/bin/git            | ALLOW | -                       | /usr/bin/curl | DENY",
        "ALLOW | -                       | ALLOW | /usr/bin/git            | /usr/bin/curl | DENY",
        "ALLOW | /usr/bin/git /usr/bin/ssh | ALLOW | /usr/bin/ssh          | /usr/bin/ssh  | ALLOW",
        "ALLOW | /usr/bin/git /usr/bin/ssh | ALLOW | /usr/bin/ssh          | /usr/bin/git  | DENY",
        "ASK   | /usr/bin/git            | ALLOW | /usr/bin/git            | /usr/bin/git  | ASK",
        "ALLOW | /usr/bin/git            | ALLOW | /usr/bin/ssh            | /usr/bin/git  | DENY",
        "ALLOW | /usr/bin/git            | ALLOW | /usr/bin/ssh            | /usr/bin/ssh  | DENY",
        // an unknown caller ("?") is on no list
        "ALLOW | /usr/bin/git            | ALLOW | -                       | ?             | DENY",
        "ALLOW | -                       | ALLOW | -                       | ?             | ALLOW",
      })
  void shouldGiveACallerTheStrictestOfVaultAndOwnPolicy(
      final String vaultApproval,
      final String vaultExecutables,
      final String ownApproval,
      final String ownExecutables,
      final String caller,
      final String expected) {
    final AccessPolicy vault = policy(vaultApproval, vaultExecutables);
    final AccessPolicy own = policy(ownApproval, ownExecutables);
    assertEquals(Approval.valueOf(expected), outcome(vault.strictest(own), caller));
    assertEquals(Approval.valueOf(expected), outcome(own.strictest(vault), caller), "symmetric");
    assertEquals(
        vault.approval().strictest(own.approval()).status(),
        Engine.strictestApproval(vault.approval().status(), own.approval().status()),
        "the engine's status form combines approvals the same way");
  }

  @Test
  void shouldReadListsWithNothingInCommonAsDeny() {
    final AccessPolicy both = policy("ALLOW", GIT).strictest(policy("ASK", SSH));
    assertEquals(Approval.DENY, both.approval());
    assertTrue(both.executables().isEmpty());
  }

  @ParameterizedTest(name = "{0} [{1}] -> {2} [{3}] loosens: {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ASK   | -                         | ALLOW | -                         | true",
        "DENY  | -                         | ASK   | -                         | true",
        "DENY  | -                         | ALLOW | -                         | true",
        "ALLOW | -                         | ASK   | -                         | false",
        "ASK   | -                         | DENY  | -                         | false",
        "ASK   | -                         | ASK   | -                         | false",
        "ALLOW | /usr/bin/git              | ALLOW | -                         | true",
        "ALLOW | /usr/bin/git              | ALLOW | /usr/bin/git /usr/bin/ssh | true",
        "ALLOW | /usr/bin/git              | ALLOW | /usr/bin/ssh              | true",
        "ALLOW | /usr/bin/git /usr/bin/ssh | ALLOW | /usr/bin/git              | false",
        "ALLOW | -                         | ALLOW | /usr/bin/git              | false",
        "ASK   | /usr/bin/git              | DENY  | -                         | false",
        "ASK   | /usr/bin/git              | ALLOW | /usr/bin/git              | true",
      })
  void shouldCallAChangeLooseningOnlyWhenSomeCallerGainsSomething(
      final String fromApproval,
      final String fromExecutables,
      final String toApproval,
      final String toExecutables,
      final boolean loosens) {
    assertEquals(
        loosens,
        policy(fromApproval, fromExecutables).isLoosenedBy(policy(toApproval, toExecutables)));
  }

  @Test
  void shouldDropDuplicateExecutablesAndRefuseBlankOnes() {
    assertEquals(
        List.of(GIT, SSH), AccessPolicy.of(Approval.ASK, List.of(GIT, SSH, GIT)).executables());
    final PersonaException blank =
        assertThrows(PersonaException.class, () -> AccessPolicy.of(Approval.ASK, List.of(" ")));
    assertEquals(PersonaException.Category.BAD_INPUT, blank.category());
  }

  @Test
  void shouldLetAnyoneOnlyWhenAllowWithoutAList() {
    assertTrue(AccessPolicy.ALLOW_ANY.allowsAnyone());
    assertFalse(policy("ASK", "-").allowsAnyone());
    assertFalse(policy("ALLOW", GIT).allowsAnyone());
    assertFalse(policy("ALLOW", GIT).allowsExecutable(null));
    assertEquals("approval=ask executables=/usr/bin/git", policy("ASK", GIT).describe());
  }
}
