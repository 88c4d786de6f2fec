package dev.persona.engine.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.AccessPolicy;
import dev.persona.engine.AccessPolicy.Approval;
import dev.persona.engine.StoreCorruptedException;
import dev.persona.engine.crypto.SecretArena;
import dev.persona.engine.store.KeyLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VaultRecordDescriptorTest {
  private static final String NAME = "Wörk ☃";

  /** The plaintext exactly as the engine wrote it before vaults had policies. */
  private static byte[] oldFormat(final String name) {
    final byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    final byte[] plain = new byte[48 + nameBytes.length];
    KeyLayout.putLong(plain, 0, 1_700_000_000_000L);
    KeyLayout.putLong(plain, 8, 42L);
    Arrays.fill(plain, 16, 48, (byte) 7);
    System.arraycopy(nameBytes, 0, plain, 48, nameBytes.length);
    return plain;
  }

  @Test
  void shouldReadARecordWrittenBeforeVaultPoliciesAsAllowAny() {
    final byte[] plain = oldFormat(NAME);
    assertEquals(NAME, VaultRecordDescriptor.name(plain));
    assertEquals(AccessPolicy.ALLOW_ANY, VaultRecordDescriptor.policy(plain, "test"));
  }

  @Test
  void shouldWriteAllowAnyInTheOldFormatAndAnyOtherPolicyAfterTheName() {
    try (SecretArena arena = new SecretArena()) {
      final byte[] key = new byte[32];
      Arrays.fill(key, (byte) 7);
      final var vaultKey = arena.take(key);
      assertArrayEquals(
          oldFormat(NAME),
          VaultRecordDescriptor.encode(
              1_700_000_000_000L, 42L, vaultKey, NAME, AccessPolicy.ALLOW_ANY));
      final AccessPolicy policy =
          new AccessPolicy(Approval.ASK, List.of("/usr/bin/git", "/opt/tööl"));
      final byte[] plain =
          VaultRecordDescriptor.encode(1_700_000_000_000L, 42L, vaultKey, NAME, policy);
      assertEquals(NAME, VaultRecordDescriptor.name(plain));
      assertEquals(policy, VaultRecordDescriptor.policy(plain, "test"));
      assertEquals(
          new AccessPolicy(Approval.DENY, List.of()),
          VaultRecordDescriptor.policy(
              VaultRecordDescriptor.encode(
                  0, 0, vaultKey, NAME, new AccessPolicy(Approval.DENY, List.of())),
              "test"));
    }
  }

  @Test
  void shouldRefuseATrailerItCannotReadRatherThanOpenTheVault() {
    final byte[] old = oldFormat("v");
    final byte[] truncated = Arrays.copyOf(old, old.length + 3);
    truncated[old.length] = VaultRecordDescriptor.POLICY_MARKER;
    truncated[old.length + 1] = VaultRecordDescriptor.POLICY_VERSION;
    assertThrows(
        StoreCorruptedException.class, () -> VaultRecordDescriptor.policy(truncated, "test"));
    final byte[] newer = Arrays.copyOf(old, old.length + 5);
    newer[old.length] = VaultRecordDescriptor.POLICY_MARKER;
    newer[old.length + 1] = 2;
    final StoreCorruptedException ex =
        assertThrows(
            StoreCorruptedException.class, () -> VaultRecordDescriptor.policy(newer, "vault=x"));
    assertTrue(
        ex.getMessage().endsWith("vault=x problem=unknown policy version 2"), ex.getMessage());
  }
}
