package dev.persona.server.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TotpTest {
  // RFC 6238 appendix B: the seeds are the ASCII strings below, at 8 digits.
  private static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHA256_KEY =
      "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);

  @Test
  void shouldMatchRfc6238VectorsForSha1() {
    assertEquals(94287082, Totp.generate(SHA1_KEY, "HmacSHA1", 8, 59L / 30));
    assertEquals(7081804, Totp.generate(SHA1_KEY, "HmacSHA1", 8, 1111111109L / 30));
    assertEquals(89005924, Totp.generate(SHA1_KEY, "HmacSHA1", 8, 1234567890L / 30));
    assertEquals(69279037, Totp.generate(SHA1_KEY, "HmacSHA1", 8, 2000000000L / 30));
  }

  @Test
  void shouldMatchRfc6238VectorsForSha256() {
    assertEquals(46119246, Totp.generate(SHA256_KEY, "HmacSHA256", 8, 59L / 30));
    assertEquals(91819424, Totp.generate(SHA256_KEY, "HmacSHA256", 8, 1234567890L / 30));
  }

  @Test
  void shouldReadOtpauthUriWithDigitsAndAlgorithm() {
    // base32 of "12345678901234567890"
    final String uri =
        "otpauth://totp/Example:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&issuer=Example";
    final byte[] seed = uri.getBytes(StandardCharsets.US_ASCII);
    final int packed = Totp.codeFromSeed(seed, seed.length, 59_000L);
    assertArrayEquals("94287082".getBytes(StandardCharsets.US_ASCII), Totp.format(packed));
  }

  @Test
  void shouldNeverReturnANegativeCodeForAValidEightDigitSeed() {
    // ReadRefsHandler answers BAD_INPUT for any negative result, so 8 digits must stay positive.
    final String uri =
        "otpauth://totp/db01?secret=JBSWY3DPEHPK3PXP&digits=8&period=60&algorithm=SHA256";
    final byte[] seed = uri.getBytes(StandardCharsets.US_ASCII);
    for (long nowMs = 0; nowMs < 3_600_000L * 24; nowMs += 3_600_000L) {
      final int packed = Totp.codeFromSeed(seed, seed.length, nowMs);
      assertTrue(packed >= 0, "packed=" + packed);
      assertEquals(8, Totp.format(packed).length);
    }
  }

  @Test
  void shouldZeroPadBareBase32SecretToSixDigits() {
    final byte[] seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".getBytes(StandardCharsets.US_ASCII);
    final int packed = Totp.codeFromSeed(seed, seed.length, 1111111109_000L);
    // 07081804 at 8 digits is 081804 at 6.
    assertArrayEquals("081804".getBytes(StandardCharsets.US_ASCII), Totp.format(packed));
  }

  @Test
  void shouldRejectSeedThatIsNotBase32() {
    final byte[] seed = "not a seed!".getBytes(StandardCharsets.US_ASCII);
    assertEquals(-1, Totp.codeFromSeed(seed, seed.length, 0));
  }
}
