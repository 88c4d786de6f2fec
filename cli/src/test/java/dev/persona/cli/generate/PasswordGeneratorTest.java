package dev.persona.cli.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordGeneratorTest {
  private final PasswordGenerator generator = new PasswordGenerator(new SecureRandom());

  @Test
  void shouldStateEntropyAsLengthTimesLog2OfAlphabet() {
    final String alphabet = PasswordGenerator.alphabet(true, true, true, true, false);
    assertEquals(26 + 26 + 10 + PasswordGenerator.SYMBOLS.length(), alphabet.length());
    assertEquals(
        24 * Math.log(alphabet.length()) / Math.log(2),
        PasswordGenerator.passwordEntropyBits(24, alphabet.length()),
        1e-9);
    assertEquals(128.0, PasswordGenerator.passwordEntropyBits(32, 16), 1e-9);
  }

  @Test
  void shouldStateAbout12Point9BitsPerPassphraseWord() {
    assertEquals(7776, PasswordGenerator.words().length);
    assertEquals(7776, new HashSet<>(List.of(PasswordGenerator.words())).size());
    assertEquals(12.925, PasswordGenerator.passphraseEntropyBits(1), 0.001);
    assertEquals(
        6 * Math.log(7776) / Math.log(2), PasswordGenerator.passphraseEntropyBits(6), 1e-9);
  }

  @Test
  void shouldDrawOnlyFromTheAlphabetAndCoverItUniformly() {
    final String alphabet = PasswordGenerator.alphabet(false, false, true, false, false);
    final int[] counts = new int[10];
    for (int i = 0; i < 200; i++) {
      final char[] password = generator.password(50, alphabet);
      assertEquals(50, password.length);
      for (final char c : password) {
        assertTrue(alphabet.indexOf(c) >= 0, "char outside alphabet: " + c);
        counts[c - '0']++;
      }
    }
    // 10,000 draws over 10 digits: each count ~1000, sd ~30; 850..1150 fails only when something is
    // badly biased.
    for (final int count : counts) {
      assertTrue(count > 850 && count < 1150, "biased digit count " + count);
    }
  }

  @Test
  void shouldLeaveOutAmbiguousCharactersWhenAsked() {
    final String alphabet = PasswordGenerator.alphabet(true, true, true, false, true);
    for (final char c : PasswordGenerator.AMBIGUOUS.toCharArray()) {
      assertEquals(-1, alphabet.indexOf(c), "ambiguous " + c);
    }
  }

  @Test
  void shouldBuildPassphraseFromListedWords() {
    final Set<String> words = Set.of(PasswordGenerator.words());
    final String phrase = new String(generator.passphrase(6, " ", true));
    final String[] parts = phrase.split(" ");
    assertEquals(6, parts.length);
    for (final String part : parts) {
      assertTrue(Character.isUpperCase(part.charAt(0)), part);
      assertTrue(words.contains(part.toLowerCase(java.util.Locale.ROOT)), part);
    }
  }

  @Test
  void shouldRejectEmptyAlphabetAndSillyLengths() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PasswordGenerator.alphabet(false, false, false, false, false));
    assertThrows(IllegalArgumentException.class, () -> generator.password(0, "ab"));
    assertThrows(IllegalArgumentException.class, () -> generator.passphrase(0, "-", false));
  }
}
