package dev.persona.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.AccessPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {
  @Test
  void shouldOfferKeyWithoutHostRulesEverywhere() {
    assertTrue(KeyPolicy.DEFAULT.allowsHost(null));
    assertTrue(KeyPolicy.DEFAULT.allowsHost(Destination.ofKey("SHA256:anything")));
  }

  @Test
  void shouldMatchHostKeyFingerprintPatterns() {
    final KeyPolicy policy =
        new KeyPolicy(KeyPolicy.Approval.ALLOW, List.of("SHA256:abc*", "SHA256:exact"), List.of());
    assertTrue(policy.allowsHost(Destination.ofKey("SHA256:abcdef")));
    assertTrue(policy.allowsHost(Destination.ofKey("SHA256:exact")));
    assertFalse(policy.allowsHost(Destination.ofKey("SHA256:exactly")));
    assertFalse(policy.allowsHost(Destination.ofKey("SHA256:xyz")));
  }

  @Test
  void shouldNotOfferHostRestrictedKeyToUnboundConnection() {
    final KeyPolicy policy =
        new KeyPolicy(KeyPolicy.Approval.ALLOW, List.of("SHA256:abc*"), List.of());
    assertFalse(policy.allowsHost(null));
  }

  @Test
  void shouldMatchHostNamesThatKnownHostsGivesTheBoundKey() {
    final KeyPolicy policy =
        new KeyPolicy(KeyPolicy.Approval.ALLOW, List.of("*.corp.example"), List.of());
    final Destination corp =
        new Destination("SHA256:k", List.of("git.corp.example", "10.0.0.7"), List.of());
    final Destination other = new Destination("SHA256:k2", List.of("github.com"), List.of());
    assertTrue(policy.allowsHost(corp));
    assertFalse(policy.allowsHost(other));
  }

  @Test
  void shouldMatchBracketedPortFormsByHost() {
    final KeyPolicy policy =
        new KeyPolicy(KeyPolicy.Approval.ALLOW, List.of("127.0.0.1"), List.of());
    assertTrue(
        policy.allowsHost(new Destination("SHA256:k", List.of("[127.0.0.1]:2222"), List.of())));
  }

  @Test
  void shouldMatchHashedKnownHostsEntryByExactName() throws Exception {
    final byte[] salt = "0123456789abcdefghij".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
    mac.init(new javax.crypto.spec.SecretKeySpec(salt, "HmacSHA1"));
    final byte[] hash =
        mac.doFinal("github.com".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    final Destination hashed =
        new Destination("SHA256:k", List.of(), List.of(new Destination.HashedName(salt, hash)));
    assertTrue(
        new KeyPolicy(KeyPolicy.Approval.ALLOW, List.of("github.com"), List.of())
            .allowsHost(hashed));
    assertFalse(
        new KeyPolicy(KeyPolicy.Approval.ALLOW, List.of("gitlab.com"), List.of())
            .allowsHost(hashed));
  }

  @Test
  void shouldRestrictToListedExecutables() {
    final KeyPolicy policy =
        new KeyPolicy(KeyPolicy.Approval.ALLOW, List.of(), List.of("/usr/bin/git"));
    assertTrue(policy.allowsExecutable("/usr/bin/git"));
    assertFalse(policy.allowsExecutable("/usr/bin/curl"));
  }

  @Test
  void shouldRejectUnknownApprovalValue() {
    assertThrows(IllegalArgumentException.class, () -> KeyPolicy.parseApproval("sometimes"));
  }

  private static dev.persona.engine.ItemView key(final String... fields) {
    final List<dev.persona.engine.Field> list = new java.util.ArrayList<>();
    for (int i = 0; i < fields.length; i += 2) {
      list.add(
          new dev.persona.engine.Field(
              fields[i], fields[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8), false));
    }
    return new dev.persona.engine.ItemView(
        "id",
        "Personal",
        "deploy",
        dev.persona.engine.ItemType.SSH_KEY,
        1,
        0,
        0,
        false,
        list,
        List.of(),
        List.of(),
        List.of());
  }

  @Test
  void shouldReadTheRememberTimeStoredWithTheKey() {
    final KeyPolicy policy =
        KeyPolicy.of(key(KeyPolicy.APPROVAL_FIELD, "ask", KeyPolicy.REMEMBER_FIELD, "900000"));
    org.junit.jupiter.api.Assertions.assertEquals(KeyPolicy.Approval.ASK, policy.approval());
    org.junit.jupiter.api.Assertions.assertEquals(900_000, policy.rememberMs());
  }

  @Test
  void shouldRememberNothingWhenTheTimeIsAbsentOrUnreadable() {
    org.junit.jupiter.api.Assertions.assertEquals(0, KeyPolicy.of(key()).rememberMs());
    org.junit.jupiter.api.Assertions.assertEquals(
        0, KeyPolicy.of(key(KeyPolicy.REMEMBER_FIELD, "soon")).rememberMs());
    org.junit.jupiter.api.Assertions.assertEquals(
        0, KeyPolicy.of(key(KeyPolicy.REMEMBER_FIELD, "-5")).rememberMs());
  }

  @Test
  void shouldTakeTheStricterApprovalAndOnlyCallersOnBothListsFromItsVault() {
    final KeyPolicy key =
        new KeyPolicy(
            KeyPolicy.Approval.ALLOW,
            List.of("github.com"),
            List.of("/usr/bin/git", "/usr/bin/ssh"),
            60_000);
    final KeyPolicy narrowed =
        key.within(new AccessPolicy(AccessPolicy.Approval.ASK, List.of("/usr/bin/ssh")));
    assertEquals(KeyPolicy.Approval.ASK, narrowed.approval());
    assertTrue(narrowed.allowsExecutable("/usr/bin/ssh"));
    assertFalse(narrowed.allowsExecutable("/usr/bin/git"));
    assertEquals(List.of("github.com"), narrowed.hosts(), "hosts stay the key's");
    assertEquals(60_000, narrowed.rememberMs());
    assertEquals(
        KeyPolicy.Approval.DENY,
        key.within(new AccessPolicy(AccessPolicy.Approval.DENY, List.of())).approval());
    assertEquals(
        KeyPolicy.Approval.DENY,
        key.within(new AccessPolicy(AccessPolicy.Approval.ALLOW, List.of("/usr/bin/curl")))
            .approval(),
        "no executable on both lists: nobody may sign");
    assertEquals(key, key.within(AccessPolicy.ALLOW_ANY));
    assertEquals(
        KeyPolicy.Approval.DENY,
        new KeyPolicy(KeyPolicy.Approval.DENY, List.of(), List.of())
            .within(new AccessPolicy(AccessPolicy.Approval.ASK, List.of()))
            .approval(),
        "a vault never softens its key");
  }
}
