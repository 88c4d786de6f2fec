package dev.persona.cli.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.cli.json.JsonReader;
import dev.persona.cli.json.JsonSyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemDraftJsonTest {
  private static ItemDraft parse(final String json) {
    return ItemDraftJson.fromJson(JsonReader.parse(json.toCharArray()));
  }

  @Test
  void shouldHonourExplicitConcealedList() {
    final ItemDraft d =
        parse(
            "{\"name\":\"db\",\"type\":\"api_credential\",\"fields\":{\"user\":\"u\",\"pin\":\"1\",\"host\":\"h\"},\"concealed\":[\"host\"]}");
    assertEquals("api_credential", d.type());
    assertTrue(d.findField("host").concealed());
    assertFalse(d.findField("pin").concealed(), "explicit list replaces the name-based default");
  }

  @Test
  void shouldAcceptFieldArrayFormWithNotes() {
    final ItemDraft d =
        parse(
            "{\"name\":\"n\",\"type\":\"secure_note\",\"fields\":[{\"name\":\"a\",\"value\":\"1\",\"concealed\":true},{\"name\":\"b\",\"value\":2}],\"notes\":\"hi\",\"tags\":\"one\"}");
    assertTrue(d.findField("a").concealed());
    assertEquals("2", new String(d.findField("b").value(), StandardCharsets.UTF_8));
    assertEquals("hi", new String(d.findField("notes").value(), StandardCharsets.UTF_8));
    assertEquals(List.of("one"), d.tags());
  }

  @Test
  void shouldRejectMissingNameUnknownTypeAndNestedValues() {
    assertThrows(JsonSyntaxException.class, () -> parse("{\"type\":\"login\"}"));
    assertThrows(JsonSyntaxException.class, () -> parse("{\"name\":\"x\",\"type\":\"card\"}"));
    assertThrows(
        JsonSyntaxException.class, () -> parse("{\"name\":\"x\",\"fields\":{\"a\":{\"b\":1}}}"));
    assertThrows(JsonSyntaxException.class, () -> parse("[]"));
  }
}
