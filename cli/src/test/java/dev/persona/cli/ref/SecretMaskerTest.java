package dev.persona.cli.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
  private static byte[] b(final String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String mask(final List<String> secrets, final String... chunks)
      throws IOException {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final SecretMasker masker =
        new SecretMasker(secrets.stream().map(SecretMaskerTest::b).toList(), out);
    for (final String chunk : chunks) {
      final byte[] bytes = b(chunk);
      masker.write(bytes, 0, bytes.length);
    }
    masker.finish();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldReplaceEveryOccurrence() throws IOException {
    assertEquals(
        "a <concealed by persona> b <concealed by persona>\n",
        mask(List.of("hunter2"), "a hunter2 b hunter2\n"));
  }

  @Test
  void shouldMaskSecretSplitAcrossWrites() throws IOException {
    assertEquals("x<concealed by persona>y", mask(List.of("hunter2"), "xhun", "te", "r2y"));
  }

  @Test
  void shouldPreferLongerSecretStartingAtSamePosition() throws IOException {
    assertEquals("<concealed by persona>!", mask(List.of("abc", "abcdef"), "abc", "def!"));
    assertEquals("<concealed by persona>xy", mask(List.of("abc", "abcdef"), "abcxy"));
  }

  @Test
  void shouldFlushPartialMatchAtEndOfStream() throws IOException {
    assertEquals("hunt", mask(List.of("hunter2"), "hunt"));
  }

  @Test
  void shouldEmitNonMatchingBytesWithoutWaiting() throws IOException {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final SecretMasker masker = new SecretMasker(List.of(b("secret")), out);
    masker.write(b("prompt> s"), 0, 9);
    // Everything but the possible start of the secret is already out, so an interactive prompt
    // shows at once.
    assertEquals("prompt> ", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldPumpAStreamAndIgnoreEmptySecrets() throws IOException {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SecretMasker(List.of(b(""), b("tok")), out).pump(new ByteArrayInputStream(b("a tok b")));
    assertEquals("a <concealed by persona> b", out.toString(StandardCharsets.UTF_8));
  }
}
