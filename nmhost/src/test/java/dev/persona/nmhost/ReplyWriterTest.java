package dev.persona.nmhost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.DaemonStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyWriterTest {
  private final List<ZeroingRecyclerPool.ZeroingBufferRecycler> recyclers = new ArrayList<>();
  private final ReplyFrameBuffer buffer =
      new ReplyFrameBuffer(NativeMessagingFrameDescriptor.MAX_REPLY_LENGTH);
  private final ReplyWriter writer =
      new ReplyWriter(HostJson.factory(new ZeroingRecyclerPool(recyclers::add)), buffer);

  private String json() {
    return new String(buffer.messageCopy(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldWriteHelloWithProtocolLimitsAndOrigin() {
    writer.hello(RequestId.of(1), "chrome-extension://abc/");
    assertEquals(
        "{\"id\":1,\"ok\":true,\"result\":{\"host\":\"persona-nmhost\",\"protocol\":1,"
            + "\"origin\":\"chrome-extension://abc/\",\"maxRequestBytes\":65536,"
            + "\"maxReplyBytes\":1048576}}",
        json());
  }

  @Test
  void shouldWriteStatusWithVersionInitializedAndLocked() {
    writer.status(
        RequestId.of("s"), new DaemonStatus(true, false, "0.1.0", "/r", "/a", "/d", 1, 0, 5, 9));
    assertEquals(
        "{\"id\":\"s\",\"ok\":true,\"result\":{\"daemonVersion\":\"0.1.0\",\"initialized\":true,"
            + "\"locked\":false}}",
        json());
  }

  @Test
  void shouldWriteSearchHitsWithoutAnAbsentUsername() {
    writer.searchResult(
        RequestId.of(3),
        List.of(
            new ReplyWriter.SearchHit(
                "i1", "v1", "github", "octocat", List.of("https://github.com")),
            new ReplyWriter.SearchHit("i2", "v1", "note", null, List.of())),
        true);
    assertEquals(
        "{\"id\":3,\"ok\":true,\"result\":{\"items\":[{\"id\":\"i1\",\"vault\":\"v1\","
            + "\"name\":\"github\",\"username\":\"octocat\",\"urls\":[\"https://github.com\"]},"
            + "{\"id\":\"i2\",\"vault\":\"v1\",\"name\":\"note\",\"urls\":[]}],\"truncated\":true}}",
        json());
  }

  @Test
  void shouldWriteATextValueEscapedAsJson() {
    final String secret = "p\"a\\s\ns\u0001w🔑rd/é";
    writer.secretValue(RequestId.of(4), secret.getBytes(StandardCharsets.UTF_8));
    final Map<String, Object> result = Frames.result(Frames.parse(buffer.messageCopy()));
    assertEquals(secret, result.get("value"));
    assertEquals("utf-8", result.get("encoding"));
  }

  @Test
  void shouldWriteAValueThatIsNotUtf8AsBase64() {
    final byte[] binary = {(byte) 0xFF, 0, (byte) 0xC0, (byte) 0xAF, 'a'};
    writer.secretValue(RequestId.of(5), binary);
    final Map<String, Object> result = Frames.result(Frames.parse(buffer.messageCopy()));
    assertEquals("base64", result.get("encoding"));
    assertArrayEquals(binary, Base64.getDecoder().decode((String) result.get("value")));
  }

  @Test
  void shouldWriteAnErrorWithCodeFieldAndMessage() {
    writer.error(null, HostErrorCode.BAD_REQUEST, "limit", "field 'limit' must be…");
    assertEquals(
        "{\"id\":null,\"ok\":false,\"error\":{\"code\":\"bad_request\",\"field\":\"limit\","
            + "\"message\":\"field 'limit' must be…\"}}",
        json());
    writer.error(RequestId.of(7), HostErrorCode.LOCKED, null, "LOCKED: vault is locked");
    assertEquals(
        "{\"id\":7,\"ok\":false,\"error\":{\"code\":\"locked\",\"message\":\"LOCKED: vault is locked\"}}",
        json());
  }

  @Test
  void shouldCutALongErrorMessage() {
    writer.error(RequestId.of(1), HostErrorCode.DAEMON_ERROR, null, "m".repeat(100_000));
    final String message = (String) Frames.error(Frames.parse(buffer.messageCopy())).get("message");
    assertEquals(ReplyWriter.MAX_MESSAGE_LENGTH + 1, message.length());
  }

  @Test
  void shouldReplaceAResultOverOneMebibyteWithTooLarge() {
    final List<ReplyWriter.SearchHit> hits = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      hits.add(new ReplyWriter.SearchHit("i" + i, "v", "n", null, List.of("u".repeat(30_000))));
    }
    writer.searchResult(RequestId.of(9), hits, false);
    final Map<String, Object> reply = Frames.parse(buffer.messageCopy());
    assertEquals(9L, reply.get("id"));
    assertEquals("too_large", Frames.error(reply).get("code"));
    assertFalse(buffer.overflowed());
  }

  @Test
  void shouldReplaceAValueThatWouldNotFitWithTooLarge() {
    final byte[] controls = new byte[200_000]; // each NUL becomes the 6 characters \u0000
    writer.secretValue(RequestId.of(10), controls);
    assertEquals("too_large", Frames.error(Frames.parse(buffer.messageCopy())).get("code"));
  }

  @Test
  void shouldLeaveNoCopyOfTheSecretInJacksonsBuffersOrTheFrame() {
    final byte[] secret =
        "correct-horse-battery-staple".repeat(400).getBytes(StandardCharsets.UTF_8);
    writer.secretValue(RequestId.of(11), secret);
    assertTrue(json().contains("correct-horse"), "the reply carries it");
    assertFalse(recyclers.isEmpty(), "the writer took its buffers from the zeroing pool");
    for (final ZeroingRecyclerPool.ZeroingBufferRecycler recycler : recyclers) {
      for (final byte[] bytes : recycler.byteBuffers()) {
        assertArrayEquals(new byte[bytes.length], bytes, "a generator byte buffer was zeroed");
      }
      for (final char[] chars : recycler.charBuffers()) {
        assertArrayEquals(new char[chars.length], chars, "a generator char buffer was zeroed");
      }
    }
    buffer.wipe();
    assertArrayEquals(new byte[buffer.backingArray().length], buffer.backingArray());
  }
}
