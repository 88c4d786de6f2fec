package dev.persona.nmhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.RefValue;
import dev.persona.schema.fb.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeMessagingHostTest {
  private final FakeDaemonAccess daemon = new FakeDaemonAccess();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int run(final byte[] stdin) {
    return run(stdin, stdout);
  }

  private int run(final byte[] stdin, final OutputStream out) {
    final ZeroingRecyclerPool pool = new ZeroingRecyclerPool();
    final ReplyFrameBuffer reply =
        new ReplyFrameBuffer(NativeMessagingFrameDescriptor.MAX_REPLY_LENGTH);
    return new NativeMessagingHost(
            new ByteArrayInputStream(stdin),
            out,
            new PrintStream(stderr, true, StandardCharsets.UTF_8),
            new RequestDecoder(HostJson.factory(pool)),
            new RequestHandler(daemon, null),
            new ReplyWriter(HostJson.factory(pool), reply),
            reply)
        .run();
  }

  private List<Map<String, Object>> replies() {
    return Frames.split(stdout.toByteArray()).stream().map(Frames::parse).toList();
  }

  private String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldAnswerEveryRequestInOrderAndExitZeroAtEndOfStream() {
    daemon.values.put(
        "persona://P/i/f", new RefValue(ErrorCode.OK, "v".getBytes(StandardCharsets.UTF_8)));
    final int exit =
        run(
            Frames.concat(
                Frames.frame("{\"id\":1,\"type\":\"hello\"}"),
                Frames.frame("not json"),
                Frames.frame("{\"id\":\"two\",\"type\":\"status\"}"),
                Frames.frame("{\"id\":3,\"type\":\"read\",\"ref\":\"persona://P/i/f\"}"),
                Frames.frame("{\"id\":4,\"type\":\"erase\"}")));
    assertEquals(NativeMessagingHost.EXIT_END_OF_STREAM, exit);
    final List<Map<String, Object>> replies = replies();
    assertEquals(5, replies.size());
    replies.forEach(Frames::assertWellFormed);
    assertEquals(
        Arrays.asList(1L, null, "two", 3L, 4L), replies.stream().map(r -> r.get("id")).toList());
    assertEquals("bad_json", Frames.error(replies.get(1)).get("code"));
    assertEquals("v", Frames.result(replies.get(3)).get("value"));
    assertEquals("unknown_type", Frames.error(replies.get(4)).get("code"));
    assertEquals("", stderr(), "a normal session prints nothing");
  }

  @Test
  void shouldAnswerTooLargeOnceThenExitOnAnOversizedRequest() {
    final byte[] oversized =
        Frames.frame(new byte[NativeMessagingFrameDescriptor.MAX_REQUEST_LENGTH + 1]);
    final int exit =
        run(
            Frames.concat(
                Frames.frame("{\"id\":1,\"type\":\"hello\"}"),
                oversized,
                Frames.frame("{\"id\":2,\"type\":\"hello\"}")));
    assertEquals(NativeMessagingHost.EXIT_PROTOCOL_ERROR, exit);
    final List<Map<String, Object>> replies = replies();
    assertEquals(2, replies.size(), "nothing after the oversized frame is read");
    assertEquals("too_large", Frames.error(replies.get(1)).get("code"));
    assertEquals(null, replies.get(1).get("id"));
    assertTrue(stderr().contains("65537 bytes exceeds"), stderr());
  }

  @Test
  void shouldExitWithAMessageOnStderrOnlyWhenTheLengthPrefixIsCut() {
    assertEquals(NativeMessagingHost.EXIT_PROTOCOL_ERROR, run(new byte[] {5, 0}));
    assertEquals(0, stdout.size(), "stdout carries frames only");
    assertTrue(stderr().contains("inside a length prefix (2 of 4 bytes)"), stderr());
  }

  @Test
  void shouldExitWithAMessageOnStderrOnlyWhenTheMessageIsCut() {
    final byte[] whole = Frames.frame("{\"id\":1,\"type\":\"hello\"}");
    assertEquals(
        NativeMessagingHost.EXIT_PROTOCOL_ERROR, run(Arrays.copyOf(whole, whole.length - 1)));
    assertEquals(0, stdout.size());
    assertTrue(stderr().contains("inside a message (22 of 23 bytes)"), stderr());
  }

  @Test
  void shouldAnswerInternalForABugAndKeepServing() {
    daemon.failure = new IllegalStateException("a bug with a message that is never echoed");
    final int exit =
        run(
            Frames.concat(
                Frames.frame("{\"id\":1,\"type\":\"status\"}"),
                Frames.frame("{\"id\":2,\"type\":\"hello\"}")));
    assertEquals(0, exit);
    final List<Map<String, Object>> replies = replies();
    assertEquals("internal", Frames.error(replies.get(0)).get("code"));
    assertEquals(1L, replies.get(0).get("id"));
    assertEquals(true, replies.get(1).get("ok"));
    assertTrue(stderr().contains("java.lang.IllegalStateException"), stderr());
    assertFalse(stderr().contains("never echoed"), "stderr names the failure, not its text");
  }

  @Test
  void shouldStopWhenStdoutIsGone() {
    final OutputStream closed =
        new OutputStream() {
          @Override
          public void write(final int b) throws IOException {
            throw new IOException("Broken pipe");
          }

          @Override
          public void write(final byte[] b, final int off, final int len) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    final int exit =
        run(
            Frames.concat(
                Frames.frame("{\"id\":1,\"type\":\"hello\"}"),
                Frames.frame("{\"id\":2,\"type\":\"hello\"}")),
            closed);
    assertEquals(NativeMessagingHost.EXIT_PROTOCOL_ERROR, exit);
    assertTrue(stderr().contains("cannot write stdout"), stderr());
  }

  @Test
  void shouldNeverWriteTheSecretToStderr() {
    daemon.values.put(
        "persona://P/i/f",
        new RefValue(ErrorCode.OK, "TOPSECRET".getBytes(StandardCharsets.UTF_8)));
    run(
        Frames.concat(
            Frames.frame("{\"id\":3,\"type\":\"read\",\"ref\":\"persona://P/i/f\"}"),
            new byte[] {1}));
    assertFalse(stderr().contains("TOPSECRET"));
    assertEquals("TOPSECRET", Frames.result(replies().get(0)).get("value"));
  }
}
