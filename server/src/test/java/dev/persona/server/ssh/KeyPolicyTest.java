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
    assertTrue(KeyPolicy.DEFAULT.allowsHost("SHA256:anything"));
  }

  @Test
  void shouldMatchHostKeyFingerprintPatterns() {
    final KeyPolicy policy =
        new KeyPolicy(KeyPolicy.Approval.ALLOW, List.of("SHA256:abc*", "SHA256:exact"), List.of());
    assertTrue(policy.allowsHost("SHA256:abcdef"));
    assertTrue(policy.allowsHost("SHA256:exact"));
    assertFalse(policy.allowsHost("SHA256:exactly"));
    assertFalse(policy.allowsHost("SHA256:xyz"));
  }

  @Test
  void shouldNotOfferHostRestrictedKeyToUnboundConnection() {
    final KeyPolicy policy =
        new KeyPolicy(KeyPolicy.Approval.ALLOW, List.of("SHA256:abc*"), List.of());
    assertFalse(policy.allowsHost(null));
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
