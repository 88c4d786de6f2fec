package dev.persona.nmhost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.persona.schema.client.AccessDeniedException;
import dev.persona.schema.client.DaemonNotRunningException;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.ItemPage;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.RefValue;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.client.VaultLockedException;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ItemType;
import dev.persona.schema.fb.RefAttribute;
import dev.persona.schema.fb.SearchKind;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestHandlerTest {
  private final FakeDaemonAccess daemon = new FakeDaemonAccess();
  private final RequestHandler handler = new RequestHandler(daemon, "chrome-extension://abc/");
  private final ReplyFrameBuffer buffer =
      new ReplyFrameBuffer(NativeMessagingFrameDescriptor.MAX_REPLY_LENGTH);
  private final ReplyWriter writer =
      new ReplyWriter(HostJson.factory(new ZeroingRecyclerPool()), buffer);

  private Map<String, Object> handle(final HostRequest request) {
    handler.handle(request, writer);
    final Map<String, Object> reply = Frames.parse(buffer.messageCopy());
    Frames.assertWellFormed(reply);
    return reply;
  }

  private static ItemEntry item(
      final String id, final String name, final List<FieldEntry> fields, final List<String> urls) {
    return new ItemEntry(
        id, "vault-id", name, ItemType.LOGIN, 1, 0, 0, false, fields, urls, List.of(), List.of());
  }

  private static FieldEntry plain(final String name, final String value) {
    return new FieldEntry(name, value.getBytes(StandardCharsets.UTF_8), false);
  }

  @Test
  void shouldAnswerHelloWithoutTheDaemon() {
    final Map<String, Object> result =
        Frames.result(handle(new HostRequest.Hello(RequestId.of(1))));
    assertEquals("chrome-extension://abc/", result.get("origin"));
    assertEquals(1L, result.get("protocol"));
    assertEquals(List.of(), daemon.calls);
  }

  @Test
  void shouldAnswerStatusFromTheDaemon() {
    final Map<String, Object> result =
        Frames.result(handle(new HostRequest.Status(RequestId.of(2))));
    assertEquals("0.1.0-test", result.get("daemonVersion"));
    assertEquals(false, result.get("locked"));
    assertEquals(true, result.get("initialized"));
  }

  @Test
  void shouldSearchThenFetchEachHitWithoutRevealAndReturnOnlyIdentityUsernameAndUrls() {
    final ItemEntry summary = item("i1", "github", List.of(), List.of());
    daemon.page = new ItemPage(List.of(summary), null);
    final FieldEntry username = plain("Username", "octocat");
    final FieldEntry notes = plain("notes", "plain but private");
    final FieldEntry password = new FieldEntry("password", new byte[0], true);
    daemon.items.put(
        "i1",
        item(
            "i1",
            "github",
            List.of(notes, password, username),
            List.of("https://github.com/login")));
    final Map<String, Object> result =
        Frames.result(
            handle(
                new HostRequest.Search(
                    RequestId.of(3),
                    HostRequest.SearchBy.URL,
                    "https://github.com/x",
                    "Personal",
                    5)));
    assertEquals(
        List.of(
            "search Personal " + SearchKind.URL_HOST + " https://github.com/x 5",
            "item vault-id i1"),
        daemon.calls);
    assertEquals(
        List.of(
            Map.of(
                "id", "i1",
                "vault", "vault-id",
                "name", "github",
                "username", "octocat",
                "urls", List.of("https://github.com/login"))),
        result.get("items"));
    assertEquals(false, result.get("truncated"));
    assertArrayEquals(new byte[notes.value().length], notes.value(), "plain values are zeroed");
    assertArrayEquals(new byte[username.value().length], username.value());
  }

  @Test
  void shouldPreferUsernameOverEmailAndNeverUseAConcealedField() {
    final ItemEntry it =
        item(
            "i",
            "n",
            List.of(
                plain("email", "me@example.com"),
                new FieldEntry("username", "hidden".getBytes(StandardCharsets.UTF_8), true),
                plain("login", "the-login")),
            List.of());
    assertEquals("the-login", RequestHandler.username(it));
    assertNull(
        RequestHandler.username(
            item(
                "i",
                "n",
                List.of(new FieldEntry("user", new byte[] {(byte) 0xFF}, false)),
                List.of())),
        "a value that is not text is no username");
    assertNull(RequestHandler.username(item("i", "n", List.of(plain("password", "x")), List.of())));
  }

  @Test
  void shouldSkipHitsThatVanishedAndReportTruncationAtTheLimit() {
    daemon.page =
        new ItemPage(
            List.of(
                item("gone", "a", List.of(), List.of()),
                item("i2", "b", List.of(), List.of()),
                item("i3", "c", List.of(), List.of())),
            null);
    daemon.items.put("i2", item("i2", "b", List.of(), List.of()));
    daemon.items.put("i3", item("i3", "c", List.of(), List.of()));
    final Map<String, Object> result =
        Frames.result(
            handle(
                new HostRequest.Search(RequestId.of(4), HostRequest.SearchBy.NAME, "x", null, 2)));
    assertEquals(
        1, ((List<?>) result.get("items")).size(), "gone was skipped; i3 is past the limit");
    assertEquals(true, result.get("truncated"));
  }

  @Test
  void shouldReadOneValueAndZeroItAfterTheReply() {
    final byte[] secret = "s3cret".getBytes(StandardCharsets.UTF_8);
    daemon.values.put("persona://P/github/password", new RefValue(ErrorCode.OK, secret));
    final Map<String, Object> result =
        Frames.result(
            handle(
                new HostRequest.Read(
                    RequestId.of(5),
                    new SecretRef("P", "github", "password", RefAttribute.VALUE))));
    assertEquals("s3cret", result.get("value"));
    assertArrayEquals(new byte[6], secret, "the value array was zeroed");
  }

  @Test
  void shouldAnswerAPerReferenceErrorNamingTheRefField() {
    final Map<String, Object> error =
        Frames.error(
            handle(
                new HostRequest.Read(
                    RequestId.of(6), new SecretRef("P", "none", "password", RefAttribute.VALUE))));
    assertEquals("not_found", error.get("code"));
    assertEquals("ref", error.get("field"));
    assertEquals("NOT_FOUND: ref=persona://P/none/password", error.get("message"));
  }

  @ParameterizedTest
  @CsvSource({
    "NOT_FOUND, not_found",
    "LOCKED, locked",
    "DENIED, denied",
    "APPROVAL_REQUIRED, approval_required",
    "BUSY, busy",
    "MALFORMED, daemon_error",
    "UNSUPPORTED_VERSION, daemon_error",
    "CONFLICT, daemon_error",
    "INTERNAL, daemon_error",
    "BAD_INPUT, bad_request",
    "WRONG_PASSWORD, daemon_error",
    "NOT_INITIALIZED, not_initialized",
    "ALREADY_INITIALIZED, daemon_error",
    "TOKEN_REQUIRED, token_required",
    "TOKEN_EXPIRED, token_required",
    "TOO_LARGE, daemon_error",
    "UNSUPPORTED_OPERATION, daemon_error",
    "ALREADY_EXISTS, daemon_error",
    "RATE_LIMITED, busy",
    "APPROVAL_TIMEOUT, approval_timeout",
    "HANDSHAKE_REQUIRED, daemon_error"
  })
  void shouldMapEveryDaemonErrorCodeToAStableHostCode(
      final String daemonCode, final String hostCode) {
    final int code = List.of(ErrorCode.names).indexOf(daemonCode);
    assertEquals(hostCode, RequestHandler.codeFor(code).wireName());
  }

  @Test
  void shouldMapClientExceptionsOnEveryDaemonRequest() {
    final List<HostRequest> requests =
        List.of(
            new HostRequest.Status(RequestId.of(1)),
            new HostRequest.Search(RequestId.of(2), HostRequest.SearchBy.URL, "q", null, 1),
            new HostRequest.Read(
                RequestId.of(3), new SecretRef("v", "i", "f", RefAttribute.VALUE)));
    final Map<RuntimeException, String> failures =
        Map.of(
            new DaemonNotRunningException("/run/x/persona.sock", new ConnectException("refused")),
            "daemon_not_running",
            new VaultLockedException("LOCKED: unlock first"),
            "locked",
            new AccessDeniedException(ErrorCode.DENIED, "DENIED: policy"),
            "denied",
            new AccessDeniedException(ErrorCode.TOKEN_EXPIRED, "TOKEN_EXPIRED"),
            "token_required",
            new PersonaClientException(ErrorCode.INTERNAL, "connection to daemon lost"),
            "daemon_error");
    for (final Map.Entry<RuntimeException, String> failure : failures.entrySet()) {
      daemon.failure = failure.getKey();
      for (final HostRequest request : requests) {
        final Map<String, Object> reply = handle(request);
        assertEquals(
            request.id().number(), reply.get("id"), "the error answers the request's own id");
        assertEquals(
            failure.getValue(), Frames.error(reply).get("code"), failure.getKey().toString());
        assertEquals(failure.getKey().getMessage(), Frames.error(reply).get("message"));
      }
    }
  }

  @Test
  void shouldNameTheFieldTheDaemonRefusedAsBadInput() {
    daemon.failure =
        new PersonaClientException(ErrorCode.BAD_INPUT, "BAD_INPUT: term") {
          private static final long serialVersionUID = 1L;

          @Override
          public String field() {
            return "term";
          }
        };
    final Map<String, Object> error =
        Frames.error(
            handle(
                new HostRequest.Search(RequestId.of(1), HostRequest.SearchBy.URL, "q", null, 1)));
    assertEquals("bad_request", error.get("code"));
    assertEquals("term", error.get("field"));
  }

  @Test
  void shouldNeverPutAnotherFieldsValueInASearchReply() {
    daemon.page = new ItemPage(List.of(item("i1", "github", List.of(), List.of())), null);
    daemon.items.put(
        "i1",
        item(
            "i1",
            "github",
            List.of(plain("notes", "NOTE-VALUE"), plain("pin", "1234")),
            List.of()));
    final String json =
        new String(
            handleRaw(
                new HostRequest.Search(
                    RequestId.of(1), HostRequest.SearchBy.NAME, "github", null, 5)),
            StandardCharsets.UTF_8);
    assertFalse(json.contains("NOTE-VALUE") || json.contains("1234"), json);
  }

  private byte[] handleRaw(final HostRequest request) {
    handler.handle(request, writer);
    return buffer.messageCopy();
  }
}
