package dev.persona.server.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenSettingsTest {
  private final TokenSettings settings = new TokenSettings(false, 8_000, 1_000, 50_000);

  @Test
  void shouldUseTheDefaultsForZero() {
    assertEquals(8_000, settings.ttlMs(0));
    assertEquals(1_000, settings.idleMs(0, 8_000));
  }

  @Test
  void shouldRefuseALifetimeBeyondTheMaximum() {
    assertEquals(50_000, settings.ttlMs(50_000));
    assertThrows(IllegalArgumentException.class, () -> settings.ttlMs(50_001));
    assertThrows(IllegalArgumentException.class, () -> settings.ttlMs(-1));
  }

  @Test
  void shouldNeverReportAnIdleTimeoutLongerThanTheLifetime() {
    assertEquals(500, settings.idleMs(0, 500));
    assertEquals(2_000, settings.idleMs(3_000, 2_000));
  }
}
