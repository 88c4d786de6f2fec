package dev.persona.cli.otp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6238 Appendix B test vectors (8 digits, 30 s steps) for SHA1, SHA256 and SHA512. */
class TotpTest {
  private static final byte[] SEED_SHA1 =
      "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED_SHA256 =
      "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED_SHA512 =
      "1234567890123456789012345678901234567890123456789012345678901234"
          .getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest(name = "t={0}")
  @CsvSource({
    "59, 94287082, 46119246, 90693936",
    "1111111109, 07081804, 68084774, 25091201",
    "1111111111, 14050471, 67062674, 99943326",
    "1234567890, 89005924, 91819424, 93441116",
    "2000000000, 69279037, 90698825, 38618901",
    "20000000000, 65353130, 77737706, 47863826"
  })
  void shouldMatchRfc6238Vectors(
      final long time, final String sha1, final String sha256, final String sha512) {
    assertEquals(sha1, new Totp(SEED_SHA1.clone(), "HmacSHA1", 8, 30).codeAt(time));
    assertEquals(sha256, new Totp(SEED_SHA256.clone(), "HmacSHA256", 8, 30).codeAt(time));
    assertEquals(sha512, new Totp(SEED_SHA512.clone(), "HmacSHA512", 8, 30).codeAt(time));
  }

  @Test
  void shouldParseOtpauthUriWithParameters() {
    // base32 of "12345678901234567890" is GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
    final String uri =
        "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&algorithm=SHA1&digits=8&period=30";
    try (Totp totp = Totp.parse(uri.toCharArray())) {
      assertEquals("94287082", totp.codeAt(59));
      assertEquals(8, totp.digits());
    }
  }

  @Test
  void shouldDefaultToSixDigitsForBareBase32AndIgnoreSpacing() {
    try (Totp totp = Totp.parse(" gezd gnbv gy3t qojq gezd gnbv gy3t qojq \n".toCharArray())) {
      assertEquals("287082", totp.codeAt(59));
      assertEquals(1, totp.secondsRemaining(59));
      assertEquals(30, totp.secondsRemaining(60));
    }
  }

  @Test
  void shouldRejectHotpAndGarbage() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Totp.parse("otpauth://hotp/x?secret=GEZD&counter=1".toCharArray()));
    assertThrows(IllegalArgumentException.class, () -> Totp.parse("not base32!".toCharArray()));
    assertThrows(
        IllegalArgumentException.class,
        () -> Totp.parse("otpauth://totp/x?issuer=a".toCharArray()));
    assertThrows(
        IllegalArgumentException.class,
        () -> Totp.parse("otpauth://totp/x?secret=GEZD&algorithm=MD5".toCharArray()));
  }

  @Test
  void shouldDecodeBase32PerRfc4648() {
    assertArrayEquals(
        "foobar".getBytes(StandardCharsets.US_ASCII), Base32.decode("MZXW6YTBOI======"));
    assertArrayEquals("f".getBytes(StandardCharsets.US_ASCII), Base32.decode("my"));
    assertNull(Base32.decode("MZ1W"));
  }
}
