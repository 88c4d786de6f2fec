package dev.persona.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.cli.CliException;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void shouldParseUnits() {
    assertEquals(1500, Durations.parseMs("1500"));
    assertEquals(90_000, Durations.parseMs("90s"));
    assertEquals(1_800_000, Durations.parseMs("30m"));
    assertEquals(28_800_000, Durations.parseMs("8h"));
    assertEquals(172_800_000, Durations.parseMs("2D"));
  }

  @Test
  void shouldRejectNonsense() {
    assertThrows(CliException.class, () -> Durations.parseMs("8x"));
    assertThrows(CliException.class, () -> Durations.parseMs("h"));
    assertThrows(CliException.class, () -> Durations.parseMs(""));
  }

  @Test
  void shouldFormatInTheLargestWholeUnitSoParsingGivesItBack() {
    for (final String text : new String[] {"2d", "8h", "15m", "90s", "1500"}) {
      assertEquals(text, Durations.format(Durations.parseMs(text)));
    }
    assertEquals("0", Durations.format(0));
  }
}
