package dev.persona.schema.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link PersonaPaths} resolves paths as strings (no NIO file system on a CLI call) and must give
 * exactly what {@code Path.toAbsolutePath().normalize()} gives, or the daemon and its clients could
 * name different sockets.
 */
class AbsoluteNormalPathProperties {
  @Property(tries = 2000)
  void shouldAgreeWithNioAbsoluteNormalize(@ForAll("paths") final String path) {
    assertEquals(
        Path.of(path).toAbsolutePath().normalize().toString(), PersonaPaths.absoluteNormal(path));
  }

  @Provide
  Arbitrary<String> paths() {
    final Arbitrary<String> segment =
        Arbitraries.oneOf(
            Arbitraries.of("", ".", "..", "...", ".persona", "run", "a b", "é", "x.sock"),
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6));
    return Arbitraries.of("", "/", "//")
        .flatMap(
            prefix ->
                segment
                    .list()
                    .ofMaxSize(8)
                    .map((List<String> parts) -> prefix + String.join("/", parts)))
        .filter(path -> !path.isEmpty());
  }

  @Example
  void shouldRefuseANulAsNioDoes() {
    assertThrows(PersonaClientException.class, () -> PersonaPaths.absoluteNormal("/tmp/a\0b"));
  }
}
