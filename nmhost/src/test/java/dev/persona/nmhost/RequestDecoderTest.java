package dev.persona.nmhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.SecretRef;
import dev.persona.schema.fb.RefAttribute;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestDecoderTest {
  private final RequestDecoder decoder =
      new RequestDecoder(HostJson.factory(new ZeroingRecyclerPool()));

  private DecodedRequest decode(final String json) {
    return decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private DecodedRequest decode(final byte[] bytes) {
    return decoder.decode(bytes, 0, bytes.length);
  }

  private RequestError error(final String json) {
    return error(json.getBytes(StandardCharsets.UTF_8));
  }

  private RequestError error(final byte[] bytes) {
    final DecodedRequest decoded = decode(bytes);
    assertTrue(decoded instanceof RequestError, "an error, not " + decoded);
    return (RequestError) decoded;
  }

  private void assertError(
      final String json, final RequestId id, final HostErrorCode code, final String field) {
    final RequestError e = error(json);
    assertEquals(code, e.code(), e.toString());
    assertEquals(id, e.id(), e.toString());
    assertEquals(field, e.field(), e.toString());
  }

  // ---------------------------------------------------------------- every message type

  @Test
  void shouldDecodeHelloAndStatus() {
    assertEquals(new HostRequest.Hello(RequestId.of(1)), decode("{\"id\":1,\"type\":\"hello\"}"));
    assertEquals(
        new HostRequest.Status(RequestId.of("s-1")),
        decode("{\"type\":\"status\",\"id\":\"s-1\"}"));
  }

  @Test
  void shouldDecodeASearchWithDefaults() {
    assertEquals(
        new HostRequest.Search(
            RequestId.of(2), HostRequest.SearchBy.URL, "https://github.com/login", null, 20),
        decode("{\"id\":2,\"type\":\"search\",\"query\":\"https://github.com/login\"}"));
  }

  @Test
  void shouldDecodeASearchWithEveryField() {
    assertEquals(
        new HostRequest.Search(RequestId.of(3), HostRequest.SearchBy.TAG, "dev", "Work", 50),
        decode(
            "{\"limit\":50,\"vault\":\"Work\",\"by\":\"tag\",\"query\":\"dev\","
                + "\"type\":\"search\",\"id\":3}"));
    assertEquals(
        HostRequest.SearchBy.NAME,
        ((HostRequest.Search)
                decode("{\"id\":3,\"type\":\"search\",\"query\":\"x\",\"by\":\"name\"}"))
            .by());
  }

  @Test
  void shouldDecodeAReadOfOneReference() {
    assertEquals(
        new HostRequest.Read(
            RequestId.of(4), new SecretRef("Personal", "git hub", "pass/word", RefAttribute.VALUE)),
        decode(
            "{\"id\":4,\"type\":\"read\",\"ref\":\"persona://Personal/git%20hub/pass%2Fword\"}"));
    assertEquals(
        RefAttribute.TOTP,
        ((HostRequest.Read)
                decode("{\"id\":4,\"type\":\"read\",\"ref\":\"persona://P/i/otp?attribute=totp\"}"))
            .ref()
            .attribute());
  }

  @Test
  void shouldAcceptWhitespaceAroundAndInsideTheObject() {
    assertEquals(
        new HostRequest.Hello(RequestId.of(-7)),
        decode(" \n\t{ \"id\" : -7 ,\r\n \"type\" : \"hello\" } \n"));
  }

  // ---------------------------------------------------------------- id

  @Test
  void shouldAcceptIdsAtTheEdgesOfTheirRanges() {
    final long max = (1L << 53) - 1;
    assertEquals(
        RequestId.of(max), ((HostRequest) decode("{\"id\":" + max + ",\"type\":\"hello\"}")).id());
    assertEquals(
        RequestId.of(-max),
        ((HostRequest) decode("{\"id\":" + -max + ",\"type\":\"hello\"}")).id());
    final String text = "x".repeat(64);
    assertEquals(
        RequestId.of(text),
        ((HostRequest) decode("{\"id\":\"" + text + "\",\"type\":\"hello\"}")).id());
    assertEquals(RequestId.of(""), ((HostRequest) decode("{\"id\":\"\",\"type\":\"hello\"}")).id());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9007199254740992",
        "-9007199254740992",
        "9223372036854775807",
        "-9223372036854775808",
        "99999999999999999999",
        "1.5",
        "1e3",
        "true",
        "null",
        "{}",
        "[1]",
        "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\""
      })
  void shouldRefuseAnIdThatIsNotASafeIntegerOrAShortString(final String id) {
    assertError("{\"id\":" + id + ",\"type\":\"hello\"}", null, HostErrorCode.BAD_REQUEST, "id");
  }

  @Test
  void shouldRefuseARequestWithoutAnId() {
    assertError("{\"type\":\"hello\"}", null, HostErrorCode.BAD_REQUEST, "id");
  }

  // ---------------------------------------------------------------- type

  @Test
  void shouldRefuseAMissingOrIllTypedType() {
    assertError("{\"id\":1}", RequestId.of(1), HostErrorCode.BAD_REQUEST, "type");
    assertError("{\"id\":1,\"type\":7}", RequestId.of(1), HostErrorCode.BAD_REQUEST, "type");
    assertError("{\"id\":1,\"type\":null}", RequestId.of(1), HostErrorCode.BAD_REQUEST, "type");
    assertError(
        "{\"id\":1,\"type\":[\"read\"]}", RequestId.of(1), HostErrorCode.BAD_REQUEST, "type");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Hello", "READ", "delete", "item.get", "search "})
  void shouldAnswerUnknownTypeNamingTheField(final String type) {
    assertError(
        "{\"id\":\"q\",\"type\":\"" + type + "\"}",
        RequestId.of("q"),
        HostErrorCode.UNKNOWN_TYPE,
        "type");
  }

  @Test
  void shouldQuoteAtMostAShortPrefixOfAnUnknownType() {
    final RequestError e = error("{\"id\":1,\"type\":\"" + "t".repeat(2000) + "\"}");
    assertTrue(e.message().length() < 200, e.message());
  }

  // ---------------------------------------------------------------- unknown and ill-typed fields

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"id\":1,\"type\":\"hello\",\"query\":\"x\"}|query",
        "{\"id\":1,\"type\":\"status\",\"verbose\":true}|verbose",
        "{\"id\":1,\"type\":\"search\",\"query\":\"x\",\"reveal\":true}|reveal",
        "{\"id\":1,\"type\":\"read\",\"ref\":\"persona://a/b/c\",\"refs\":[]}|refs",
        "{\"id\":1,\"type\":\"read\",\"Ref\":\"persona://a/b/c\"}|Ref"
      })
  void shouldRefuseAnUnknownFieldNamingIt(final String json, final String field) {
    assertError(json, RequestId.of(1), HostErrorCode.BAD_REQUEST, field);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"id\":1,\"type\":\"search\"}|query",
        "{\"id\":1,\"type\":\"search\",\"query\":5}|query",
        "{\"id\":1,\"type\":\"search\",\"query\":\"\"}|query",
        "{\"id\":1,\"type\":\"search\",\"query\":\"  \"}|query",
        "{\"id\":1,\"type\":\"search\",\"query\":[\"a\"]}|query",
        "{\"id\":1,\"type\":\"search\",\"query\":\"x\",\"by\":\"host\"}|by",
        "{\"id\":1,\"type\":\"search\",\"query\":\"x\",\"by\":1}|by",
        "{\"id\":1,\"type\":\"search\",\"query\":\"x\",\"vault\":\" \"}|vault",
        "{\"id\":1,\"type\":\"search\",\"query\":\"x\",\"vault\":{}}|vault",
        "{\"id\":1,\"type\":\"search\",\"query\":\"x\",\"limit\":0}|limit",
        "{\"id\":1,\"type\":\"search\",\"query\":\"x\",\"limit\":51}|limit",
        "{\"id\":1,\"type\":\"search\",\"query\":\"x\",\"limit\":2.5}|limit",
        "{\"id\":1,\"type\":\"search\",\"query\":\"x\",\"limit\":\"5\"}|limit",
        "{\"id\":1,\"type\":\"search\",\"query\":\"x\",\"limit\":99999999999999999999}|limit",
        "{\"id\":1,\"type\":\"search\",\"query\":\"x\",\"limit\":null}|limit",
        "{\"id\":1,\"type\":\"read\"}|ref",
        "{\"id\":1,\"type\":\"read\",\"ref\":42}|ref",
        "{\"id\":1,\"type\":\"read\",\"ref\":\"https://github.com\"}|ref",
        "{\"id\":1,\"type\":\"read\",\"ref\":\"persona://vault/item\"}|ref",
        "{\"id\":1,\"type\":\"read\",\"ref\":\"persona://v/i/f?attribute=hotp\"}|ref",
        "{\"id\":1,\"type\":\"read\",\"ref\":\"persona://v/i/%zz\"}|ref",
        "{\"id\":1,\"type\":\"read\",\"ref\":\"persona://v/i/%ff\"}|ref"
      })
  void shouldRefuseAMissingOrIllTypedFieldNamingIt(final String json, final String field) {
    assertError(json, RequestId.of(1), HostErrorCode.BAD_REQUEST, field);
  }

  @Test
  void shouldRefuseFieldsLongerThanTheirCaps() {
    assertError(
        "{\"id\":1,\"type\":\"search\",\"query\":\"" + "q".repeat(2049) + "\"}",
        RequestId.of(1),
        HostErrorCode.BAD_REQUEST,
        "query");
    assertError(
        "{\"id\":1,\"type\":\"search\",\"query\":\"q\",\"vault\":\"" + "v".repeat(257) + "\"}",
        RequestId.of(1),
        HostErrorCode.BAD_REQUEST,
        "vault");
    assertError(
        "{\"id\":1,\"type\":\"read\",\"ref\":\"persona://v/i/" + "f".repeat(2040) + "\"}",
        RequestId.of(1),
        HostErrorCode.BAD_REQUEST,
        "ref");
    assertTrue(
        decode("{\"id\":1,\"type\":\"search\",\"query\":\"" + "q".repeat(2048) + "\"}")
            instanceof HostRequest.Search,
        "exactly the cap fits");
  }

  // ---------------------------------------------------------------- not JSON, not an object

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{",
        "{\"id\":1,\"type\":\"hello\"",
        "{\"id\":1,\"type\":\"hello\",}",
        "{'id':1,'type':'hello'}",
        "{id:1,type:\"hello\"}",
        "{\"id\":01,\"type\":\"hello\"}",
        "{\"id\":NaN,\"type\":\"hello\"}",
        "{\"id\":1,\"type\":\"hello\"}/*c*/",
        "{\"id\":1,\"type\":\"hello\"} {}",
        "{\"id\":1,\"type\":\"hello\"} x",
        "{\"id\":1,\"type\":\"he\tllo\"}",
        "garbage"
      })
  void shouldAnswerBadJsonForWhatIsNotOneStrictJsonDocument(final String text) {
    assertEquals(HostErrorCode.BAD_JSON, error(text).code(), text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"[]", "[{\"id\":1,\"type\":\"hello\"}]", "\"hello\"", "42", "null", "true"})
  void shouldAnswerBadRequestForJsonThatIsNotAnObject(final String text) {
    assertError(text, null, HostErrorCode.BAD_REQUEST, null);
  }

  @Test
  void shouldRefuseADuplicateNameNamingIt() {
    assertError(
        "{\"id\":1,\"type\":\"read\",\"ref\":\"persona://a/b/c\",\"ref\":\"persona://a/b/d\"}",
        RequestId.of(1),
        HostErrorCode.BAD_JSON,
        "ref");
    assertError(
        "{\"id\":1,\"id\":2,\"type\":\"hello\"}", RequestId.of(1), HostErrorCode.BAD_JSON, "id");
    assertEquals(
        HostErrorCode.BAD_JSON,
        error("{\"id\":1,\"type\":\"hello\",\"x\":{\"a\":1,\"a\":2}}").code(),
        "nested objects too");
  }

  @Test
  void shouldEchoTheIdWhenTheDocumentBreaksAfterIt() {
    assertError(
        "{\"id\":\"early\",\"type\":\"hel", RequestId.of("early"), HostErrorCode.BAD_JSON, "type");
  }

  @Test
  void shouldRefuseInvalidUtf8WithTheJdksStrictDecoder() {
    final byte[][] invalid = {
      {'{', (byte) 0xC0, (byte) 0xAF, '}'}, // overlong '/'
      {'{', (byte) 0x80, '}'}, // lone continuation byte
      {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}'}, // a surrogate encoded as UTF-8 (CESU)
      {'{', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '}'}, // above U+10FFFF
      {'{', '"', (byte) 0xE2, (byte) 0x82}, // cut inside a character
      {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0} // UTF-16 with a BOM: never guessed
    };
    for (final byte[] bytes : invalid) {
      final RequestError e = error(bytes);
      assertEquals(HostErrorCode.BAD_JSON, e.code());
      assertTrue(e.message().contains("UTF-8"), e.message());
    }
  }

  @Test
  void shouldRefuseAUtf8ByteOrderMarkAndUtf16WithoutOne() {
    assertEquals(
        HostErrorCode.BAD_JSON,
        error(
                Frames.concat(
                    new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                    "{\"id\":1,\"type\":\"hello\"}".getBytes(StandardCharsets.UTF_8)))
            .code());
    assertEquals(
        HostErrorCode.BAD_JSON,
        error("{\"id\":1,\"type\":\"hello\"}".getBytes(StandardCharsets.UTF_16LE)).code());
  }

  // ---------------------------------------------------------------- parser limits

  @Test
  void shouldRefuseNestingDeeperThanTheLimit() {
    final String deep =
        "[".repeat(HostJson.MAX_NESTING_DEPTH) + "]".repeat(HostJson.MAX_NESTING_DEPTH);
    assertError(
        "{\"id\":1,\"type\":\"hello\",\"x\":" + deep + "}",
        RequestId.of(1),
        HostErrorCode.BAD_JSON,
        "x");
    final String bomb = "[".repeat(100_000);
    assertEquals(HostErrorCode.BAD_JSON, error(bomb).code());
  }

  @Test
  void shouldRefuseTooManyTokens() {
    final String many = "[" + "1,".repeat((int) HostJson.MAX_TOKEN_COUNT) + "1]";
    final RequestError e = error("{\"id\":1,\"type\":\"hello\",\"x\":" + many + "}");
    assertEquals(HostErrorCode.BAD_JSON, e.code());
    assertTrue(e.message().contains("limit"), e.message());
  }

  @Test
  void shouldRefuseNumbersAndNamesLongerThanTheLimits() {
    assertEquals(
        HostErrorCode.BAD_JSON,
        error("{\"id\":" + "1".repeat(HostJson.MAX_NUMBER_LENGTH + 1) + ",\"type\":\"hello\"}")
            .code());
    final RequestError name =
        error(
            "{\"id\":1,\"type\":\"hello\",\"" + "n".repeat(HostJson.MAX_NAME_LENGTH + 1) + "\":1}");
    assertEquals(HostErrorCode.BAD_JSON, name.code());
  }

  @Test
  void shouldRefuseAStringFarOverJacksonsLimit() {
    final RequestError e =
        error("{\"id\":1,\"type\":\"hello\",\"x\":\"" + "s".repeat(60_000) + "\"}");
    assertEquals(HostErrorCode.BAD_JSON, e.code());
    assertEquals("x", e.field());
  }
}
