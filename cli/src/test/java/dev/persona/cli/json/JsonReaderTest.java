package dev.persona.cli.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
  private static Object parse(final String json) {
    return JsonReader.parse(json.toCharArray());
  }

  @Test
  void shouldParseEveryValueKind() {
    final Map<String, Object> o =
        JsonValues.object(
            parse(
                " {\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\",\"i\":-12,\"d\":1.5e2,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[],{}]} "),
            "root");
    assertEquals("a\"b\\c\né😀", JsonValues.string(o, "s"));
    assertEquals(-12L, o.get("i"));
    assertEquals(150.0, o.get("d"));
    assertEquals(Boolean.TRUE, o.get("t"));
    assertEquals(Boolean.FALSE, o.get("f"));
    assertTrue(o.containsKey("n"));
    assertNull(o.get("n"));
    assertEquals(3, JsonValues.array(o.get("a"), "a").size());
    assertEquals(List.of("s", "i", "d", "t", "f", "n", "a"), List.copyOf(o.keySet()));
  }

  @Test
  void shouldKeepStringValuesAsWipeableChars() {
    final JsonText text = (JsonText) parse("\"hunter2\"");
    assertArrayEquals("hunter2".getBytes(StandardCharsets.UTF_8), text.toUtf8());
    assertFalse(text.toString().contains("hunter2"));
    text.wipe();
    assertTrue(text.contentEquals("\0\0\0\0\0\0\0"));
  }

  @Test
  void shouldReportPositionButNotContentOnError() {
    final JsonSyntaxException e =
        assertThrows(
            JsonSyntaxException.class, () -> parse("{\n  \"password\": \"s3cret\",\n  oops }"));
    assertTrue(e.getMessage().contains("line=3"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void shouldRejectMalformedDocuments() {
    for (final String bad :
        List.of(
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "\"\\x\"",
            "\"a\nb\"",
            "tru",
            "{} {}",
            "{\"a\":1,\"a\":2}",
            "-",
            "[1 2]")) {
      assertThrows(JsonSyntaxException.class, () -> parse(bad), bad);
    }
  }

  @Test
  void shouldRefuseNestingDeeperThanLimit() {
    final String deep = "[".repeat(JsonReader.MAX_DEPTH + 2) + "]".repeat(JsonReader.MAX_DEPTH + 2);
    final JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> parse(deep));
    assertTrue(e.getMessage().contains("nesting"), e.getMessage());
  }

  @Test
  void shouldRoundTripThroughWriter() {
    final StringWriter out = new StringWriter();
    new JsonWriter(out)
        .beginObject()
        .name("a")
        .value("x\"y\u0001\u2028")
        .name("b")
        .beginArray()
        .value(1)
        .value(true)
        .nullValue()
        .value(2.25)
        .endArray()
        .name("c")
        .beginObject()
        .endObject()
        .endObject();
    assertEquals(
        "{\"a\":\"x\\\"y\\u0001\\u2028\",\"b\":[1,true,null,2.3],\"c\":{}}", out.toString());
    final Map<String, Object> back = JsonValues.object(parse(out.toString()), "root");
    assertEquals("x\"y\u0001\u2028", JsonValues.string(back, "a"));
  }

  @Test
  void shouldFallBackToBase64ForBytesThatAreNotUtf8() {
    final StringWriter out = new StringWriter();
    final JsonWriter writer = new JsonWriter(out).beginArray();
    assertTrue(writer.utf8Value("é".getBytes(StandardCharsets.UTF_8)));
    assertFalse(writer.utf8Value(new byte[] {(byte) 0xff, (byte) 0xfe}));
    writer.base64Value(new byte[] {(byte) 0xff, (byte) 0xfe}).endArray();
    assertEquals("[\"é\",\"//4=\"]", out.toString());
  }
}
