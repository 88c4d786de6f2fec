package dev.persona.nmhost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.fb.ItemType;
import dev.persona.schema.fb.RefAttribute;
import dev.persona.schema.fb.SearchKind;
import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.FuzzBudget;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bounded-time fuzzing of the Native Messaging decoder as a browser port reaches it: the real
 * {@code bin/persona-nmhost} is started again and again against a real daemon, each time fed a
 * stream of random and mutated frames (garbage, invalid UTF-8, deep nesting, wrong types, empty and
 * large messages, oversized and lying length prefixes, streams cut short) with valid requests in
 * between, for {@code persona.fuzz.seconds} (default 15) from {@code persona.fuzz.seed} (default:
 * random, printed; every failure names seed and session).
 *
 * <p>Every run must end by itself, with the exit status the stream calls for, and its stdout must
 * split exactly into one well-formed reply frame per complete request (a result or a documented
 * error code, never {@code internal}); each valid request's reply must be exactly right. Afterwards
 * the daemon must still answer a normal client correctly and its audit chain must verify. All host
 * requests are reads, so a mutated request that still decodes is harmless to send.
 */
@Timeout(180)
class NmHostFuzzSystemIT {
  private static final FuzzBudget FUZZ = FuzzBudget.fromSystemProperties(15);
  private static final String SECRET = "nmhost-fuzz-secret-\u00e9-\"q\"-\\";
  private static final String PASSWORD_REF = "persona://Personal/web/password";
  private static final long HOST_TIMEOUT_MS = 20_000;

  private static DaemonProcess daemon;
  private static String itemId;

  @BeforeAll
  static void startDaemonWithASecret() throws Exception {
    daemon = DaemonProcess.start();
    try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "nmhost-fuzz-setup")) {
      client.init("it-password".toCharArray(), "Personal", 0, 0, 0);
      itemId =
          client
              .createItem(
                  "Personal",
                  ItemEntry.draft(
                      "web",
                      ItemType.LOGIN,
                      List.of(
                          new FieldEntry(
                              "username", "fuzzer".getBytes(StandardCharsets.UTF_8), false),
                          new FieldEntry(
                              "password", SECRET.getBytes(StandardCharsets.UTF_8), true)),
                      List.of("https://web.example/login"),
                      List.of("fuzz")))
              .id();
    }
  }

  @AfterAll
  static void stopDaemon() {
    if (daemon != null) {
      daemon.close();
    }
  }

  /** One host run: its stdin, the check for each reply it must produce, and its exit status. */
  private record Session(byte[] stdin, List<Consumer<Map<String, Object>>> replies, int exit) {}

  @Test
  void shouldAnswerEveryFuzzedFrameWellFormedAndLeaveTheDaemonServing() throws Exception {
    final long deadlineNs = FUZZ.start("NmHostFuzzSystemIT");
    final Random random = new Random(FUZZ.seed());
    int sessions = 0;
    long requests = 0;
    while (System.nanoTime() < deadlineNs) {
      final Session session = session(random);
      final String where = "seed=" + FUZZ.seed() + " session=" + sessions + ": ";
      final HostProcess.Result run =
          HostProcess.run(daemon, Map.of(), List.of(), session.stdin(), HOST_TIMEOUT_MS);
      try {
        assertFalse(run.hung(), "the host hung");
        assertEquals(session.exit(), run.exitCode(), "exit status; stderr: " + run.stderr());
        final List<byte[]> replies = Frames.split(run.stdout());
        assertEquals(session.replies().size(), replies.size(), "one reply per complete request");
        for (int i = 0; i < replies.size(); i++) {
          final Map<String, Object> reply = Frames.parse(replies.get(i));
          Frames.assertWellFormed(reply);
          if (Boolean.FALSE.equals(reply.get("ok"))) {
            assertNotEquals("internal", Frames.error(reply).get("code"), "no host bug: " + reply);
          }
          session.replies().get(i).accept(reply);
        }
        assertFalse(run.stderr().contains("Exception"), run.stderr());
        assertFalse(run.stderr().contains(SECRET), "stderr never carries the secret");
      } catch (final AssertionError e) {
        throw new AssertionError(where + e.getMessage(), e);
      }
      sessions++;
      requests += session.replies().size();
    }
    System.out.println(
        "NmHostFuzzSystemIT: sessions=" + sessions + " answeredRequests=" + requests);
    assertTrue(sessions >= 3 && requests > 60, "the fuzzer ran: " + sessions + "/" + requests);

    assertTrue(daemon.isAlive(), "the daemon never dies");
    assertFalse(daemon.log().contains("Exception in thread"), daemon.log());
    try (PersonaClient after = PersonaClient.connect(daemon.rpcSocket(), "nmhost-fuzz-after")) {
      assertArrayEquals(SECRET.getBytes(StandardCharsets.UTF_8), after.readRef(PASSWORD_REF));
      assertFalse(after.status().locked());
      assertEquals(
          itemId,
          after
              .searchItems("Personal", SearchKind.URL_HOST, "web.example", 10)
              .items()
              .get(0)
              .id());
      assertTrue(after.auditVerify().ok(), "the audit chain survived");
    }
  }

  // ---------------------------------------------------------------- one session's stream

  private static Session session(final Random random) {
    final List<byte[]> parts = new ArrayList<>();
    final List<Consumer<Map<String, Object>>> checks = new ArrayList<>();
    final int count = 1 + random.nextInt(40);
    for (int i = 0; i < count; i++) {
      final int pick = random.nextInt(100);
      if (pick < 25) {
        final Object id = random.nextBoolean() ? (Object) (long) random.nextInt() : "v-" + i;
        final Valid valid = valid(random, id);
        parts.add(Frames.frame(valid.json()));
        checks.add(
            reply -> {
              assertEquals(id, reply.get("id"), "a valid request's id is echoed");
              valid.check().accept(reply);
            });
        continue;
      }
      if (pick == 98) {
        // An oversized or impossible length: answered once with too_large, then the host exits.
        final long length =
            new long[] {
                  NativeMessagingFrameDescriptor.MAX_REQUEST_LENGTH + 1L, 0xFFFF_FFFFL, 1L << 20
                }
                [random.nextInt(3)];
        parts.add(lengthPrefix(length));
        final byte[] tail = new byte[random.nextInt(100)];
        random.nextBytes(tail);
        parts.add(tail);
        checks.add(
            reply -> {
              assertEquals(null, reply.get("id"));
              assertEquals("too_large", Frames.error(reply).get("code"));
            });
        return new Session(Frames.concat(parts.toArray(byte[][]::new)), checks, 1);
      }
      if (pick == 99) {
        // The stream ends inside a frame: no reply, a message on stderr, exit 1.
        final byte[] whole = Frames.frame(valid(random, 1L).json());
        parts.add(Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)));
        return new Session(Frames.concat(parts.toArray(byte[][]::new)), checks, 1);
      }
      parts.add(Frames.frame(hostile(random, pick)));
      checks.add(reply -> {});
    }
    return new Session(Frames.concat(parts.toArray(byte[][]::new)), checks, 0);
  }

  private static byte[] lengthPrefix(final long length) {
    return ByteBuffer.allocate(4)
        .order(NativeMessagingFrameDescriptor.BYTE_ORDER)
        .putInt((int) length)
        .array();
  }

  /** A message that is wrong in one of many ways (or, by chance, still valid). */
  private static byte[] hostile(final Random random, final int pick) {
    if (pick < 50) {
      return RequestDecoderFuzzTest.mutate(
          valid(random, (long) random.nextInt(100)).json(), random);
    }
    if (pick < 60) {
      final byte[] garbage = new byte[random.nextInt(300)];
      random.nextBytes(garbage);
      return garbage;
    }
    if (pick < 70) {
      return TestRequests.render(tree(random, 3, true)).getBytes(StandardCharsets.UTF_8);
    }
    if (pick < 76) {
      final int depth = 1 + random.nextInt(random.nextBoolean() ? 20 : 5000);
      final String open = random.nextBoolean() ? "[" : "{\"a\":";
      final String close = open.equals("[") ? "]" : "}";
      return ("{\"id\":1,\"type\":\"hello\",\"x\":"
              + open.repeat(depth)
              + "1"
              + close.repeat(depth)
              + "}")
          .getBytes(StandardCharsets.UTF_8);
    }
    if (pick < 82) {
      final byte[] json = valid(random, 2L).json();
      final byte[] bad = {
        (byte) 0xC0, (byte) 0xAF, (byte) 0x80, (byte) 0xED, (byte) 0xA0, (byte) 0xFF
      };
      final int at = random.nextInt(json.length);
      json[at] = bad[random.nextInt(bad.length)];
      return json;
    }
    if (pick < 90) {
      return wrongTypes(random);
    }
    if (pick < 93) {
      final byte[] big =
          new byte[NativeMessagingFrameDescriptor.MAX_REQUEST_LENGTH - random.nextInt(1000)];
      Arrays.fill(big, (byte) (random.nextBoolean() ? ' ' : '['));
      return big;
    }
    if (pick < 95) {
      return new byte[0];
    }
    return ("{\"id\":3,\"type\":\""
            + new String[] {"delete", "unlock", "export", "", "READ"}[random.nextInt(5)]
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A known type with one field of the wrong JSON type. */
  private static byte[] wrongTypes(final Random random) {
    final Object[] wrong = {
      1.5, true, TestRequests.JSON_NULL, List.of(), Map.of("a", 1L), 1L << 60, "x".repeat(3000)
    };
    final Map<String, Object> request = new LinkedHashMap<>();
    request.put("id", random.nextInt(3) == 0 ? wrong[random.nextInt(wrong.length)] : (Object) 4L);
    final String[][] shapes = {
      {"hello"}, {"status"}, {"search", "query", "by", "vault", "limit"}, {"read", "ref"}
    };
    final String[] shape = shapes[random.nextInt(shapes.length)];
    request.put("type", shape[0]);
    for (int f = 1; f < shape.length; f++) {
      request.put(shape[f], f == 1 ? "persona://Personal/web/password" : "url");
    }
    final String target =
        shape.length > 1 && random.nextBoolean()
            ? shape[1 + random.nextInt(shape.length - 1)]
            : "type";
    request.put(target, wrong[random.nextInt(wrong.length)]);
    return TestRequests.render(request).getBytes(StandardCharsets.UTF_8);
  }

  private static Object tree(final Random random, final int depth, final boolean object) {
    if (object || (depth > 0 && random.nextInt(4) == 0)) {
      final Map<String, Object> map = new LinkedHashMap<>();
      final String[] keys = {"id", "type", "query", "by", "vault", "limit", "ref", "x"};
      final int n = random.nextInt(6);
      for (int i = 0; i < n; i++) {
        map.put(keys[random.nextInt(keys.length)], tree(random, depth - 1, false));
      }
      return map;
    }
    if (depth > 0 && random.nextInt(5) == 0) {
      final List<Object> list = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        list.add(tree(random, depth - 1, false));
      }
      return list;
    }
    return switch (random.nextInt(7)) {
      case 0 -> random.nextLong();
      case 1 -> random.nextDouble() * 1e6;
      case 2 -> random.nextBoolean();
      case 3 -> TestRequests.JSON_NULL;
      case 4 -> new String[] {"hello", "status", "search", "read", PASSWORD_REF}[random.nextInt(5)];
      default -> Integer.toString(random.nextInt(), 36);
    };
  }

  // ---------------------------------------------------------------- valid requests and their
  // answers

  private record Valid(byte[] json, Consumer<Map<String, Object>> check) {}

  private static Valid valid(final Random random, final Object id) {
    final RequestId requestId = id instanceof String s ? RequestId.of(s) : RequestId.of((Long) id);
    return switch (random.nextInt(6)) {
      case 0 ->
          new Valid(
              TestRequests.render(new HostRequest.Hello(requestId), random),
              reply -> assertEquals(1L, Frames.result(reply).get("protocol")));
      case 1 ->
          new Valid(
              TestRequests.render(new HostRequest.Status(requestId), random),
              reply -> {
                assertEquals(true, Frames.result(reply).get("initialized"));
                assertEquals(false, Frames.result(reply).get("locked"));
              });
      case 2 ->
          new Valid(
              TestRequests.render(
                  new HostRequest.Search(
                      requestId, HostRequest.SearchBy.URL, "https://web.example/x", null, 5),
                  random),
              reply -> {
                final List<?> items = (List<?>) Frames.result(reply).get("items");
                assertEquals(1, items.size(), reply.toString());
                assertEquals("fuzzer", ((Map<?, ?>) items.get(0)).get("username"));
                assertEquals(itemId, ((Map<?, ?>) items.get(0)).get("id"));
              });
      case 3 ->
          new Valid(
              TestRequests.render(
                  new HostRequest.Search(
                      requestId, HostRequest.SearchBy.NAME, "nothing", "Personal", 1),
                  random),
              reply -> assertEquals(List.of(), Frames.result(reply).get("items")));
      case 4 ->
          new Valid(
              TestRequests.render(
                  new HostRequest.Read(requestId, SecretRef.parse(PASSWORD_REF)), random),
              reply -> assertEquals(SECRET, Frames.result(reply).get("value")));
      default ->
          new Valid(
              TestRequests.render(
                  new HostRequest.Read(
                      requestId,
                      new SecretRef("Personal", "web", "no-such-field", RefAttribute.VALUE)),
                  random),
              reply -> assertEquals("not_found", Frames.error(reply).get("code")));
    };
  }
}
