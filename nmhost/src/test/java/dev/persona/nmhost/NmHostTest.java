package dev.persona.nmhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NmHostTest {
  private static final String ORIGIN = "chrome-extension://knldjmfmopnpolahpmmgbagdohdnhkik/";
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int run(final String[] args, final Map<String, String> env, final String property) {
    return NmHost.run(
        args,
        new ByteArrayInputStream(Frames.frame("{\"id\":1,\"type\":\"hello\"}")),
        stdout,
        new PrintStream(stderr, true, StandardCharsets.UTF_8),
        env,
        property);
  }

  private String origin() {
    return (String)
        Frames.result(Frames.parse(Frames.split(stdout.toByteArray()).get(0))).get("origin");
  }

  @Test
  void shouldRefuseEveryChromeOriginWhenTheAllowListIsEmptyOrAbsent() {
    assertEquals(NmHost.EXIT_REFUSED, run(new String[] {ORIGIN}, Map.of(), null));
    assertEquals(NmHost.EXIT_REFUSED, run(new String[] {ORIGIN}, Map.of(), " , "));
    assertEquals(0, stdout.size(), "a refused host writes nothing to stdout");
    final String err = stderr.toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("refusing caller " + ORIGIN), err);
    assertTrue(err.contains("every chrome-extension origin is refused"), err);
  }

  @Test
  void shouldRefuseAChromeOriginThatIsNotListed() {
    assertEquals(
        NmHost.EXIT_REFUSED,
        run(
            new String[] {ORIGIN},
            Map.of(CallerOrigin.ALLOWED_ORIGINS_ENV, "chrome-extension://someoneelse/"),
            null));
  }

  @Test
  void shouldServeAListedChromeOriginFromTheEnvironmentOrTheProperty() {
    assertEquals(
        0,
        run(
            new String[] {ORIGIN},
            Map.of(CallerOrigin.ALLOWED_ORIGINS_ENV, "chrome-extension://other/, " + ORIGIN),
            null));
    assertEquals(ORIGIN, origin());
    stdout.reset();
    assertEquals(
        0,
        run(
            new String[] {ORIGIN, "--parent-window=0"},
            Map.of(CallerOrigin.ALLOWED_ORIGINS_ENV, "chrome-extension://other/"),
            "chrome-extension://KNLDJMFMOPNPOLAHPMMGBAGDOHDNHKIK"),
        "the property wins over the environment; case and trailing slash do not matter");
  }

  @Test
  void shouldRecordFirefoxsExtensionIdAndServeIt() {
    assertEquals(
        0,
        run(
            new String[] {
              "/home/u/.mozilla/native-messaging-hosts/dev.persona.json", "persona@example.org"
            },
            Map.of(),
            null));
    assertEquals("persona@example.org", origin());
  }

  @Test
  void shouldServeWithoutArgumentsForAManualRun() {
    assertEquals(0, run(new String[0], Map.of(), null));
  }

  @Test
  void shouldRefuseToStartOnAMalformedAllowList() {
    assertEquals(
        NmHost.EXIT_REFUSED, run(new String[0], Map.of(), "knldjmfmopnpolahpmmgbagdohdnhkik"));
    assertTrue(
        stderr.toString(StandardCharsets.UTF_8).contains("not a chrome-extension://ID/ origin"));
  }

  @Test
  void shouldParseTheAllowListStrictly() {
    assertEquals(
        Set.of("chrome-extension://a/", "chrome-extension://b/"),
        CallerOrigin.parseAllowList("chrome-extension://a, chrome-extension://B/ ,"));
    assertThrows(
        IllegalArgumentException.class, () -> CallerOrigin.parseAllowList("chrome-extension:///"));
    assertThrows(
        IllegalArgumentException.class,
        () -> CallerOrigin.parseAllowList("chrome-extension://a/b/"));
    assertThrows(
        IllegalArgumentException.class, () -> CallerOrigin.parseAllowList("moz-extension://a/"));
  }
}
