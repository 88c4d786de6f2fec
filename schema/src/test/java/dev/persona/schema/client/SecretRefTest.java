package dev.persona.schema.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.fb.RefAttribute;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SecretRefTest {
  @Test
  void shouldParseThreeSegments() {
    final SecretRef ref = SecretRef.parse("persona://Personal/github/password");
    assertEquals("Personal", ref.vault());
    assertEquals("github", ref.item());
    assertEquals("password", ref.field());
    assertEquals(RefAttribute.VALUE, ref.attribute());
  }

  @Test
  void shouldParseTotpAttribute() {
    assertEquals(
        RefAttribute.TOTP,
        SecretRef.parse("persona://Personal/github/otp?attribute=totp").attribute());
    assertEquals(
        RefAttribute.VALUE, SecretRef.parse("persona://v/i/f?attribute=value").attribute());
  }

  @Test
  void shouldPercentDecodeEachSegmentAfterSplitting() {
    final SecretRef ref = SecretRef.parse("persona://My%20Vault/a%2Fb/caf%C3%A9%3F");
    assertEquals("My Vault", ref.vault());
    assertEquals("a/b", ref.item());
    assertEquals("café?", ref.field());
  }

  @Test
  void shouldKeepUnescapedUnicodeAndPlusSigns() {
    final SecretRef ref = SecretRef.parse("persona://Bürö/a+b/☃");
    assertEquals("Bürö", ref.vault());
    assertEquals("a+b", ref.item());
    assertEquals("☃", ref.field());
  }

  @Test
  void shouldRejectMalformedReferencesNamingTheProblem() {
    assertMessage("must start with persona://", "op://v/i/f");
    assertMessage("exactly three segments", "persona://v/i");
    assertMessage("exactly three segments", "persona://v/i/f/g");
    assertMessage("empty segment", "persona://v//f");
    assertMessage("bad percent escape", "persona://v/i%2/f");
    assertMessage("bad percent escape", "persona://v/i%zz/f");
    assertMessage("invalid UTF-8", "persona://v/%C3/f");
    assertMessage("unknown query parameter", "persona://v/i/f?reveal=1");
    assertMessage("unknown attribute", "persona://v/i/f?attribute=hotp");
  }

  private static void assertMessage(final String expected, final String text) {
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SecretRef.parse(text));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void shouldPrintCanonicalForm() {
    assertEquals(
        "persona://My%20Vault/a%2Fb/otp?attribute=totp",
        SecretRef.parse("persona://My%20Vault/a%2Fb/otp?attribute=totp").toString());
  }

  @Property(tries = 500)
  void shouldRoundTripAnySegmentsThroughToString(
      @ForAll @StringLength(min = 1, max = 20) final String vault,
      @ForAll @StringLength(min = 1, max = 20) final String item,
      @ForAll @StringLength(min = 1, max = 20) final String field,
      @ForAll final boolean totp) {
    if (hasLoneSurrogate(vault) || hasLoneSurrogate(item) || hasLoneSurrogate(field)) {
      return; // not representable in UTF-8, so not a possible vault name
    }
    final SecretRef ref =
        new SecretRef(vault, item, field, totp ? RefAttribute.TOTP : RefAttribute.VALUE);
    assertEquals(ref, SecretRef.parse(ref.toString()));
  }

  private static boolean hasLoneSurrogate(final String s) {
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
