package dev.persona.schema.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ItemResponse;
import dev.persona.schema.fb.ReadRefsRequest;
import dev.persona.schema.fb.RefAttribute;
import dev.persona.schema.fb.RefSpec;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.schema.fb.UnlockRequest;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class PersonaClientTest {
  @TempDir Path dir;

  private FakeDaemon daemon(final FakeDaemon.Handler handler) throws Exception {
    return new FakeDaemon(dir.resolve("persona.sock"), handler);
  }

  private static FakeDaemon.Handler statusHandler() {
    return (request, writer, out) -> {
      if (request.bodyType() == RequestBody.StatusRequest) {
        out.send(
            writer.status(
                request.requestId(),
                true,
                true,
                "0.1",
                "/r/persona.sock",
                "/r/agent.sock",
                "/d",
                1,
                0,
                42,
                777));
      } else {
        out.send(writer.error(request.requestId(), ErrorCode.UNSUPPORTED_OPERATION, "not here"));
      }
    };
  }

  @Test
  void shouldPerformHelloWelcomeOnConnectAndDecodeStatus() throws Exception {
    try (FakeDaemon d = daemon(statusHandler());
        PersonaClient client = PersonaClient.connect(d.socket, "test")) {
      assertEquals(1, client.serverInfo().version());
      assertEquals(List.of("pipelining"), client.serverInfo().features());
      assertEquals(RpcFrameDescriptor.MAX_MESSAGE_LENGTH, client.serverInfo().maxFrameLength());
      final DaemonStatus status = client.status();
      assertTrue(status.initialized());
      assertTrue(status.locked());
      assertEquals("/r/persona.sock", status.rpcSocket());
      assertEquals(42, status.uptimeMs());
      assertEquals(777, status.pid());
      assertEquals(List.of(RequestBody.Hello, RequestBody.StatusRequest), d.seenBodyTypes);
    }
  }

  @Test
  // A separate thread: a client that wrongly waits for the Welcome blocks in a native read that
  // no interrupt ends.
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void pipelinedConnectSendsTheFirstRequestWithoutWaitingForTheWelcome() throws Exception {
    try (FakeDaemon d = daemon(statusHandler())) {
      d.welcomeAfterNextRequest = true;
      try (PersonaClient client = PersonaClient.connectPipelined(d.socket, "test")) {
        assertEquals(777, client.status().pid());
        assertEquals(1, client.serverInfo().version());
        assertEquals(List.of(RequestBody.Hello, RequestBody.StatusRequest), d.seenBodyTypes);
      }
    }
  }

  @Test
  void shouldMatchPipelinedRepliesArrivingInReverseOrder() throws Exception {
    final int count = 5;
    final List<ByteBuffer> held = new ArrayList<>();
    final FakeDaemon.Handler reverse =
        (request, writer, out) -> {
          // Answer each ReadRefs with its request id as the value, but only after all have arrived.
          final ReadRefsRequest refs = request.readRefs();
          final String item = refs.refs(new RefSpec(), 0).item();
          writer.beginReadRefs();
          writer.addRefValue(ByteBuffer.wrap(item.getBytes(StandardCharsets.UTF_8)));
          held.add(FakeDaemon.Out.copy(writer.endReadRefs(request.requestId())));
          if (held.size() == count) {
            for (int i = held.size() - 1; i >= 0; i--) {
              out.send(held.get(i));
            }
          }
        };
    try (FakeDaemon d = daemon(reverse);
        PersonaClient client = PersonaClient.connect(d.socket, "test")) {
      final long[] ids = new long[count];
      for (int i = 0; i < count; i++) {
        ids[i] = client.sendReadRefs(List.of(SecretRef.parse("persona://v/item" + i + "/f")));
      }
      for (int i = 0; i < count; i++) {
        final Reply reply = client.await(ids[i]);
        assertEquals(ids[i], reply.requestId());
        assertArrayEquals(
            ("item" + i).getBytes(StandardCharsets.UTF_8), reply.refValues().get(0).value());
      }
    }
  }

  @Test
  void shouldNameSocketPathWhenDaemonIsNotRunning() {
    final Path missing = dir.resolve("nobody.sock");
    final DaemonNotRunningException e =
        assertThrows(DaemonNotRunningException.class, () -> PersonaClient.connect(missing, "t"));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertEquals(missing, e.socketPath());
  }

  @Test
  void shouldReportStaleSocketFileAsDaemonNotRunning() throws Exception {
    final Path stale = dir.resolve("stale.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(stale));
    }
    assertTrue(Files.exists(stale));
    final DaemonNotRunningException e =
        assertThrows(DaemonNotRunningException.class, () -> PersonaClient.connect(stale, "t"));
    assertTrue(e.getMessage().contains(stale.toString()), e.getMessage());
  }

  @Test
  void shouldMapLockedAnswerToVaultLockedException() throws Exception {
    final FakeDaemon.Handler locked =
        (request, writer, out) ->
            out.send(writer.error(request.requestId(), ErrorCode.LOCKED, "vault is locked"));
    try (FakeDaemon d = daemon(locked);
        PersonaClient client = PersonaClient.connect(d.socket, "test")) {
      final VaultLockedException e =
          assertThrows(
              VaultLockedException.class,
              () -> client.readRef("persona://Personal/github/password"));
      assertEquals(ErrorCode.LOCKED, e.errorCode());
      assertTrue(e.getMessage().contains("vault is locked"), e.getMessage());
    }
  }

  @Test
  void shouldMapPerReferenceErrorsAndNameTheReference() throws Exception {
    final FakeDaemon.Handler mixed =
        (request, writer, out) -> {
          final ReadRefsRequest refs = request.readRefs();
          writer.beginReadRefs();
          for (int i = 0; i < refs.refsLength(); i++) {
            final RefSpec spec = request.refSpec(i);
            if (spec.item().equals("missing")) {
              writer.addRefError(ErrorCode.NOT_FOUND);
            } else {
              assertEquals(RefAttribute.TOTP, spec.attribute());
              writer.addRefValue(new byte[] {'1', '2', '3'}, 0, 3);
            }
          }
          out.send(writer.endReadRefs(request.requestId()));
        };
    try (FakeDaemon d = daemon(mixed);
        PersonaClient client = PersonaClient.connect(d.socket, "test")) {
      final List<byte[]> ok = client.readRefs(List.of("persona://v/github/otp?attribute=totp"));
      assertArrayEquals(new byte[] {'1', '2', '3'}, ok.get(0));
      final PersonaClientException e =
          assertThrows(
              PersonaClientException.class,
              () ->
                  client.readRefs(
                      List.of("persona://v/github/otp?attribute=totp", "persona://v/missing/f")));
      assertEquals(ErrorCode.NOT_FOUND, e.errorCode());
      assertTrue(e.getMessage().contains("persona://v/missing/f"), e.getMessage());
    }
  }

  @Test
  void shouldNameTheErrorOnceWhenTheDaemonsMessageAlreadyStartsWithIt() throws Exception {
    final FakeDaemon.Handler missing =
        (request, writer, out) ->
            out.send(
                writer.error(
                    request.requestId(), ErrorCode.NOT_FOUND, "NOT_FOUND: no SSH key 'k'"));
    try (FakeDaemon d = daemon(missing);
        PersonaClient client = PersonaClient.connect(d.socket, "test")) {
      final PersonaClientException e =
          assertThrows(PersonaClientException.class, () -> client.sshExportPublic("k"));
      assertEquals("NOT_FOUND: no SSH key 'k'", e.getMessage());
    }
  }

  @Test
  void shouldMapDeniedToAccessDeniedException() throws Exception {
    final FakeDaemon.Handler denied =
        (request, writer, out) ->
            out.send(writer.error(request.requestId(), ErrorCode.DENIED, "policy denies"));
    try (FakeDaemon d = daemon(denied);
        PersonaClient client = PersonaClient.connect(d.socket, "test")) {
      final AccessDeniedException e =
          assertThrows(AccessDeniedException.class, () -> client.sshDelete("deploy"));
      assertEquals(ErrorCode.DENIED, e.errorCode());
    }
  }

  @Test
  void shouldCarryConflictDetails() throws Exception {
    final FakeDaemon.Handler conflict =
        (request, writer, out) ->
            out.send(
                writer.errorDetail(
                    request.requestId(), ErrorCode.CONFLICT, "item changed", null, 9, null, 0));
    try (FakeDaemon d = daemon(conflict);
        PersonaClient client = PersonaClient.connect(d.socket, "test")) {
      final PersonaClientException e =
          assertThrows(
              PersonaClientException.class,
              () ->
                  client.updateItem(
                      "v", ItemEntry.draft("n", 0, List.of(), List.of(), List.of()), 3));
      assertEquals(ErrorCode.CONFLICT, e.errorCode());
      assertEquals(9, e.currentRevision());
      assertEquals("CONFLICT", e.errorName());
    }
  }

  @Test
  void shouldRejectOversizeFrameFromDaemon() throws Exception {
    final FakeDaemon.Handler oversize =
        (request, writer, out) -> {
          final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
          header.putInt(0, RpcFrameDescriptor.MAX_MESSAGE_LENGTH + 1);
          out.send(header);
        };
    try (FakeDaemon d = daemon(oversize);
        PersonaClient client = PersonaClient.connect(d.socket, "test")) {
      final PersonaClientException e = assertThrows(PersonaClientException.class, client::status);
      assertEquals(ErrorCode.TOO_LARGE, e.errorCode());
      assertTrue(e.getMessage().contains("max=" + RpcFrameDescriptor.MAX_MESSAGE_LENGTH));
    }
  }

  @Test
  void shouldRejectMalformedResponse() throws Exception {
    final FakeDaemon.Handler garbage =
        (request, writer, out) -> {
          final ByteBuffer frame = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
          frame.putInt(0, 12);
          frame.putInt(4, 0x7FFF_FFF0); // root offset far outside the message
          frame.put(8, "PRS1".getBytes(StandardCharsets.US_ASCII));
          out.send(frame);
        };
    try (FakeDaemon d = daemon(garbage);
        PersonaClient client = PersonaClient.connect(d.socket, "test")) {
      final PersonaClientException e = assertThrows(PersonaClientException.class, client::status);
      assertEquals(ErrorCode.MALFORMED, e.errorCode());
    }
  }

  @Test
  void shouldFailAwaitedRequestWhenDaemonAnswersUndecodableRequestWithIdZero() throws Exception {
    final FakeDaemon.Handler idZero =
        (request, writer, out) ->
            out.send(writer.error(0, ErrorCode.MALFORMED, "request failed verification"));
    try (FakeDaemon d = daemon(idZero);
        PersonaClient client = PersonaClient.connect(d.socket, "test")) {
      final PersonaClientException e = assertThrows(PersonaClientException.class, client::status);
      assertEquals(ErrorCode.MALFORMED, e.errorCode());
      assertTrue(e.getMessage().contains("request failed verification"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldReportUnsupportedVersionClearlyWhetherConnectWaitsOrPipelines(final boolean pipelined)
      throws Exception {
    final Path socket = dir.resolve("old.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(socket));
      final Thread t =
          new Thread(
              () -> {
                try (var c = s.accept()) {
                  c.read(ByteBuffer.allocate(4096));
                  final var w = new dev.persona.schema.ResponseWriter();
                  final ByteBuffer f = w.unsupportedVersion(1, 1, 1);
                  while (f.hasRemaining()) {
                    c.write(f);
                  }
                } catch (final Exception ignored) {
                  // the assertion below reports what matters
                }
              });
      t.start();
      // Pipelined, the answer to Hello surfaces from the first call instead of from connect.
      final PersonaClientException e =
          assertThrows(
              PersonaClientException.class,
              () -> {
                if (pipelined) {
                  PersonaClient.connectPipelined(socket, "t").status();
                } else {
                  PersonaClient.connect(socket, "t");
                }
              });
      assertEquals(ErrorCode.UNSUPPORTED_VERSION, e.errorCode());
      assertTrue(e.getMessage().contains("share no protocol version"), e.getMessage());
      t.join(5_000);
    }
  }

  @Test
  void shouldSendPasswordAsBytesAndTokenOnLaterRequests() throws Exception {
    final List<String> seen = new ArrayList<>();
    final FakeDaemon.Handler unlock =
        (request, writer, out) -> {
          if (request.bodyType() == RequestBody.UnlockRequest) {
            final UnlockRequest u = request.body(new UnlockRequest());
            final ByteBuffer pw = u.passwordAsByteBuffer();
            final byte[] bytes = new byte[pw.remaining()];
            pw.get(bytes);
            seen.add(new String(bytes, StandardCharsets.UTF_8));
            out.send(writer.unlock(request.requestId(), new byte[] {5, 6}, "tok-1", 99, 100));
          } else {
            final ByteBuffer token = request.token();
            seen.add(token == null ? "none" : "token:" + token.remaining());
            writer.begin();
            final int item = dev.persona.schema.SampleItems.item(writer.builder());
            out.send(
                writer.ok(
                    request.requestId(),
                    ResponseBody.ItemResponse,
                    ItemResponse.createItemResponse(writer.builder(), item)));
          }
        };
    try (FakeDaemon d = daemon(unlock);
        PersonaClient client = PersonaClient.connect(d.socket, "test")) {
      final UnlockResult result = client.unlock("pässword".toCharArray(), true, 0, null, 0, 0);
      assertArrayEquals(new byte[] {5, 6}, result.token());
      assertEquals("tok-1", result.tokenId());
      client.useToken(result.token());
      final ItemEntry item = client.getItem("Personal", "github", true);
      assertEquals("github", item.name());
      assertArrayEquals("hunter2".getBytes(StandardCharsets.UTF_8), item.fields().get(1).value());
      assertTrue(item.fields().get(1).concealed());
      assertFalse(item.trashed());
      assertEquals("text/plain", item.attachments().get(0).contentType());
      assertEquals(List.of("pässword", "token:2"), seen);
    }
  }
}
