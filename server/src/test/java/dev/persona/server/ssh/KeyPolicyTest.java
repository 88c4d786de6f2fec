package dev.persona.server.ssh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
