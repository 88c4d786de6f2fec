package dev.persona.cli.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
  private static byte[] b(final String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldListDistinctReferencesInOrder() {
    final byte[] t =
        b("a={{ persona://V/i/f }} b={{persona://V/j/g}} c={{  persona://V/i/f\t}} d={{ other }}");
    assertEquals(List.of("persona://V/i/f", "persona://V/j/g"), TemplateRenderer.references(t));
  }

  @Test
  void shouldSubstituteValuesAndKeepEverythingElse() throws IOException {
    final byte[] t =
        b(
            "user={{ persona://V/db/user }}\npass={{persona://V/db/pass}}\n{{ x }} {{ persona://broken \n}}");
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    TemplateRenderer.render(
        t, Map.of("persona://V/db/user", b("admin"), "persona://V/db/pass", b("p{}ss")), out);
    assertEquals(
        "user=admin\npass=p{}ss\n{{ x }} {{ persona://broken \n}}",
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldRefuseToRenderUnresolvedReference() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            TemplateRenderer.render(
                b("{{ persona://a/b/c }}"), Map.of(), new ByteArrayOutputStream()));
  }
}
