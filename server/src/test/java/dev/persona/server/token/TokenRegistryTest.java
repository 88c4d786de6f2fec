package dev.persona.server.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.fb.TokenScope;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenRegistryTest {
  private static final int UID = 1000;
  private static final long HOUR_MS = 3_600_000L;
  private static final long MINUTE_MS = 60_000L;

  private CachedEpochClock clock;
  private TokenRegistry registry;

  @BeforeEach
  void create() {
    clock = new CachedEpochClock();
    clock.update(1_700_000_000_000L);
    registry = new TokenRegistry(clock, new SecureRandom());
  }

  private TokenRegistry.Issued issue(final long ttlMs, final long idleMs) {
    return registry.issue(UID, TokenScope.FULL, null, ttlMs, idleMs);
  }

  private int present(final byte[] token, final int uid) {
    return registry.authenticate(token, token.length, uid);
  }

  @Test
  void shouldIssuePrefixedUrlSafeTokenThatAuthenticatesItsOwner() {
    final TokenRegistry.Issued issued = issue(HOUR_MS, HOUR_MS);
    final String text = new String(issued.token(), StandardCharsets.US_ASCII);
    assertEquals(TokenRegistry.TEXT_LENGTH, issued.token().length);
    assertTrue(text.matches("pst_[A-Za-z0-9_-]{43}"), text);
    assertEquals(TokenRegistry.VALID, present(issued.token(), UID));
    assertSame(issued.info(), registry.matched());
    assertFalse(text.contains(issued.info().id()), "the id is not derived from the secret");
  }

  @Test
  void shouldIssueDifferentTokensEachTime() {
    final TokenRegistry.Issued a = issue(HOUR_MS, HOUR_MS);
    final TokenRegistry.Issued b = issue(HOUR_MS, HOUR_MS);
    assertFalse(Arrays.equals(a.token(), b.token()));
    assertNotEquals(a.info().id(), b.info().id());
  }

  @Test
  void shouldRefuseAForgedTokenAndOneWithADifferentByte() {
    final TokenRegistry.Issued issued = issue(HOUR_MS, HOUR_MS);
    final byte[] altered = issued.token().clone();
    altered[TokenRegistry.TEXT_LENGTH - 1] ^= 1;
    assertEquals(TokenRegistry.UNKNOWN, present(altered, UID));
    assertNull(registry.matched());
    assertEquals(
        TokenRegistry.UNKNOWN, present("pst_short".getBytes(StandardCharsets.US_ASCII), UID));
    assertEquals(TokenRegistry.UNKNOWN, registry.authenticate(issued.token(), 10, UID));
  }

  @Test
  void shouldRefuseATokenPresentedByAnotherUidButKeepItForItsOwner() {
    final TokenRegistry.Issued issued = issue(HOUR_MS, HOUR_MS);
    assertEquals(TokenRegistry.OTHER_UID, present(issued.token(), UID + 1));
    assertEquals(TokenRegistry.VALID, present(issued.token(), UID));
  }

  @Test
  void shouldExpireAtTheAbsoluteDeadlineEvenWhenUsedAllAlong() {
    final TokenRegistry.Issued issued = issue(HOUR_MS, 30 * MINUTE_MS);
    for (int i = 0; i < 5; i++) {
      clock.advance(11 * MINUTE_MS); // used every 11 min: never idle, 55 min in
      assertEquals(TokenRegistry.VALID, present(issued.token(), UID));
    }
    clock.advance(5 * MINUTE_MS);
    assertEquals(TokenRegistry.EXPIRED, present(issued.token(), UID));
    assertEquals(TokenRegistry.UNKNOWN, present(issued.token(), UID), "forgotten once expired");
  }

  @Test
  void shouldExpireWhenIdleLongerThanItsIdleTimeout() {
    final TokenRegistry.Issued issued = issue(8 * HOUR_MS, 15 * MINUTE_MS);
    clock.advance(14 * MINUTE_MS);
    assertEquals(TokenRegistry.VALID, present(issued.token(), UID));
    assertEquals(clock.time(), issued.info().lastUsedMs());
    clock.advance(14 * MINUTE_MS); // 28 min after issue, but only 14 after the last use
    assertEquals(TokenRegistry.VALID, present(issued.token(), UID));
    clock.advance(15 * MINUTE_MS);
    assertEquals(TokenRegistry.IDLE, present(issued.token(), UID));
  }

  @Test
  void shouldCountIdleTimeFromIssueUntilFirstUse() {
    final TokenRegistry.Issued issued = issue(8 * HOUR_MS, 15 * MINUTE_MS);
    assertEquals(0, issued.info().lastUsedMs());
    clock.advance(15 * MINUTE_MS);
    assertEquals(TokenRegistry.IDLE, present(issued.token(), UID));
  }

  @Test
  void shouldRevokeOneTokenAndLeaveTheOthers() {
    final TokenRegistry.Issued a = issue(HOUR_MS, HOUR_MS);
    final TokenRegistry.Issued b = issue(HOUR_MS, HOUR_MS);
    assertTrue(registry.revoke(a.info().id()));
    assertFalse(registry.revoke(a.info().id()));
    assertEquals(TokenRegistry.UNKNOWN, present(a.token(), UID));
    assertEquals(TokenRegistry.VALID, present(b.token(), UID));
  }

  @Test
  void shouldRevokeAll() {
    final TokenRegistry.Issued a = issue(HOUR_MS, HOUR_MS);
    final TokenRegistry.Issued b = issue(HOUR_MS, HOUR_MS);
    assertEquals(2, registry.revokeAll());
    assertEquals(TokenRegistry.UNKNOWN, present(a.token(), UID));
    assertEquals(TokenRegistry.UNKNOWN, present(b.token(), UID));
    assertTrue(registry.isEmpty());
  }

  @Test
  void shouldDropEveryTokenWhenTheVaultLocks() {
    final TokenRegistry.Issued a = issue(HOUR_MS, HOUR_MS);
    final TokenRegistry.Issued b =
        registry.issue(UID, TokenScope.READ_ONLY, "vault-id", HOUR_MS, HOUR_MS);
    assertEquals(2, registry.clear());
    assertEquals(TokenRegistry.UNKNOWN, present(a.token(), UID));
    assertEquals(TokenRegistry.UNKNOWN, present(b.token(), UID));
    assertTrue(registry.list().isEmpty());
  }

  @Test
  void shouldListMetadataOldestFirstWithoutExpiredTokens() {
    final TokenRegistry.Issued shortLived = issue(MINUTE_MS, MINUTE_MS);
    clock.advance(1);
    final TokenRegistry.Issued vaultOnly =
        registry.issue(UID, TokenScope.SSH_ONLY, "vault-id", HOUR_MS, HOUR_MS);
    assertEquals(
        List.of(shortLived.info().id(), vaultOnly.info().id()),
        registry.list().stream().map(AccessToken::id).toList());
    clock.advance(MINUTE_MS);
    final List<AccessToken> live = registry.list();
    assertEquals(1, live.size());
    assertEquals(TokenScope.SSH_ONLY, live.get(0).scope());
    assertEquals("vault-id", live.get(0).vaultId());
    assertEquals(clock.time() - MINUTE_MS + HOUR_MS, live.get(0).expiresMs());
  }

  @Test
  void shouldRefuseToIssueBeyondTheLimitUntilOneIsRevoked() {
    TokenRegistry.Issued first = null;
    for (int i = 0; i < TokenRegistry.MAX_TOKENS; i++) {
      final TokenRegistry.Issued issued = issue(HOUR_MS, HOUR_MS);
      first = first == null ? issued : first;
    }
    assertNull(issue(HOUR_MS, HOUR_MS));
    registry.revoke(first.info().id());
    final TokenRegistry.Issued again = issue(HOUR_MS, HOUR_MS);
    assertEquals(TokenRegistry.VALID, present(again.token(), UID));
  }

  @Test
  void shouldRejectUnknownScopesAndNonPositiveLifetimes() {
    assertThrows(IllegalArgumentException.class, () -> registry.issue(UID, 7, null, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> issue(0, HOUR_MS));
    assertThrows(IllegalArgumentException.class, () -> issue(HOUR_MS, 0));
  }

  @Test
  void shouldNotAllocateWhenAuthenticating() {
    final TokenRegistry.Issued issued = issue(8 * HOUR_MS, 8 * HOUR_MS);
    final byte[] token = issued.token();
    for (int i = 0; i < 20_000; i++) {
      present(token, UID); // warm up: JIT and escape analysis
    }
    final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    final long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 10_000; i++) {
      present(token, UID);
    }
    final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 10_000, "authenticate allocated " + allocated + " B in 10 000 calls");
    assertArrayEquals(token, issued.token());
  }
}
