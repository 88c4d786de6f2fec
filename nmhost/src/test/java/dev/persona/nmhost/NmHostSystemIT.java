package dev.persona.nmhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.fb.ItemType;
import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.LauncherLib;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The real {@code bin/persona-nmhost} launcher against a real {@code bin/personad}, driven the way
 * a browser drives it: framed requests on stdin, framed replies read back from stdout.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NmHostSystemIT {
  private static final String PASSWORD = "nmhost-it-password";
  private static final String SECRET = "s3cr3t-" + System.nanoTime() + "-\"quoted\"";
  private static final String ORIGIN = "chrome-extension://knldjmfmopnpolahpmmgbagdohdnhkik/";
  private static final long TIMEOUT_MS = 30_000;
  private static DaemonProcess daemon;
  private static String itemId;

  @BeforeAll
  static void startDaemonWithALogin() throws Exception {
    daemon = DaemonProcess.start();
    try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "nmhost-it")) {
      client.init(PASSWORD.toCharArray(), "Personal", 0, 0, 0);
      itemId =
          client
              .createItem(
                  "Personal",
                  ItemEntry.draft(
                      "github",
                      ItemType.LOGIN,
                      List.of(
                          new FieldEntry(
                              "username", "octocat".getBytes(StandardCharsets.UTF_8), false),
                          new FieldEntry(
                              "password", SECRET.getBytes(StandardCharsets.UTF_8), true)),
                      List.of("https://github.com/login"),
                      List.of("dev")))
              .id();
    }
  }

  @AfterAll
  static void stopDaemon() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static HostProcess.Result host(
      final Map<String, String> env, final List<String> args, final String... requests)
      throws IOException, InterruptedException {
    final byte[][] frames = new byte[requests.length][];
    for (int i = 0; i < requests.length; i++) {
      frames[i] = Frames.frame(requests[i]);
    }
    final HostProcess.Result result =
        HostProcess.run(daemon, env, args, Frames.concat(frames), TIMEOUT_MS);
    assertFalse(result.hung(), "the host ended when stdin closed: " + result.stderr());
    return result;
  }

  private static List<Map<String, Object>> replies(final HostProcess.Result result) {
    final List<Map<String, Object>> replies =
        Frames.split(result.stdout()).stream().map(Frames::parse).toList();
    replies.forEach(Frames::assertWellFormed);
    return replies;
  }

  @Test
  @Order(1)
  void shouldAnswerHelloStatusSearchAndReadThroughTheLauncher() throws Exception {
    final HostProcess.Result result =
        host(
            Map.of(CallerOrigin.ALLOWED_ORIGINS_ENV, ORIGIN),
            List.of(ORIGIN),
            "{\"id\":1,\"type\":\"hello\"}",
            "{\"id\":2,\"type\":\"status\"}",
            "{\"id\":3,\"type\":\"search\",\"query\":\"https://GitHub.com/some/page?q=1\"}",
            "{\"id\":4,\"type\":\"read\",\"ref\":\"persona://Personal/github/password\"}",
            "{\"id\":5,\"type\":\"read\",\"ref\":\"persona://Personal/github/pin\"}",
            "{\"id\":6,\"type\":\"search\",\"query\":\"nothing.example\"}");
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals("", result.stderr(), "no JVM warning, no host message in a normal session");
    final List<Map<String, Object>> replies = replies(result);
    assertEquals(6, replies.size());

    final Map<String, Object> hello = Frames.result(replies.get(0));
    assertEquals(ORIGIN, hello.get("origin"));
    assertEquals(65536L, hello.get("maxRequestBytes"));

    final Map<String, Object> status = Frames.result(replies.get(1));
    assertEquals(false, status.get("locked"));
    assertEquals(true, status.get("initialized"));
    assertTrue(status.get("daemonVersion") instanceof String);

    final Map<String, Object> search = Frames.result(replies.get(2));
    final List<?> items = (List<?>) search.get("items");
    assertEquals(1, items.size(), search.toString());
    final Map<?, ?> hit = (Map<?, ?>) items.get(0);
    assertEquals(itemId, hit.get("id"));
    assertEquals("github", hit.get("name"));
    assertEquals("octocat", hit.get("username"));
    assertEquals(List.of("https://github.com/login"), hit.get("urls"));
    assertFalse(
        new String(result.stdout(), StandardCharsets.UTF_8).split(SECRET, -1).length > 2,
        "the secret appears once: in the read reply, never in a search");

    final Map<String, Object> read = Frames.result(replies.get(3));
    assertEquals(SECRET, read.get("value"));
    assertEquals("utf-8", read.get("encoding"));

    final Map<String, Object> missing = Frames.error(replies.get(4));
    assertEquals("not_found", missing.get("code"));
    assertEquals("ref", missing.get("field"));
    assertEquals(List.of(), Frames.result(replies.get(5)).get("items"));
    assertFalse(daemon.log().contains(SECRET), "the daemon never logged the value");
  }

  /**
   * The JVM's own log lines never reach stdout, where the browser reads frame lengths: here the JVM
   * is made to log an error at start (an AOT cache that does not exist).
   */
  @Test
  @Order(1)
  void shouldKeepTheJvmsOwnLogLinesOffTheFrameStream() throws Exception {
    final HostProcess.Result result =
        host(
            Map.of(
                CallerOrigin.ALLOWED_ORIGINS_ENV,
                ORIGIN,
                "PERSONA_NMHOST_JAVA_OPTS",
                "-XX:AOTCache=/nonexistent/persona-nmhost.aot"),
            List.of(ORIGIN),
            "{\"id\":1,\"type\":\"hello\"}");
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals(ORIGIN, Frames.result(replies(result).get(0)).get("origin"));
    assertTrue(result.stderr().contains("[aot]"), "the JVM did log: " + result.stderr());
  }

  @Test
  @Order(2)
  void shouldAnswerLockedWhileTheVaultIsLocked() throws Exception {
    try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "nmhost-it")) {
      client.lock();
    }
    try {
      final HostProcess.Result result =
          host(
              Map.of(),
              List.of(),
              "{\"id\":1,\"type\":\"status\"}",
              "{\"id\":2,\"type\":\"read\",\"ref\":\"persona://Personal/github/password\"}",
              "{\"id\":3,\"type\":\"search\",\"query\":\"github.com\"}");
      assertEquals(0, result.exitCode(), result.stderr());
      final List<Map<String, Object>> replies = replies(result);
      assertEquals(true, Frames.result(replies.get(0)).get("locked"));
      assertEquals("locked", Frames.error(replies.get(1)).get("code"));
      assertEquals(2L, replies.get(1).get("id"));
      assertEquals("locked", Frames.error(replies.get(2)).get("code"));
    } finally {
      try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "nmhost-it")) {
        client.unlock(PASSWORD.toCharArray());
      }
    }
  }

  @Test
  @Order(3)
  void shouldRefuseAChromeOriginThatIsNotAllowedBeforeReadingAnything() throws Exception {
    final HostProcess.Result refused =
        host(
            Map.of(CallerOrigin.ALLOWED_ORIGINS_ENV, "chrome-extension://someoneelse/"),
            List.of(ORIGIN),
            "{\"id\":1,\"type\":\"read\",\"ref\":\"persona://Personal/github/password\"}");
    assertEquals(NmHost.EXIT_REFUSED, refused.exitCode());
    assertEquals(0, refused.stdout().length, "nothing on the protocol channel");
    assertTrue(refused.stderr().contains("refusing caller " + ORIGIN), refused.stderr());

    final HostProcess.Result noList =
        host(Map.of(), List.of(ORIGIN), "{\"id\":1,\"type\":\"hello\"}");
    assertEquals(
        NmHost.EXIT_REFUSED, noList.exitCode(), "no allow-list refuses every chrome origin");
  }

  @Test
  @Order(4)
  void shouldAnswerDaemonNotRunningWhenNothingListens() throws Exception {
    final Path empty = Files.createTempDirectory(Path.of("/tmp"), "nmh");
    final HostProcess.Result result =
        host(
            Map.of("PERSONA_RUNTIME_DIR", empty.toString()),
            List.of(),
            "{\"id\":1,\"type\":\"hello\"}",
            "{\"id\":2,\"type\":\"status\"}");
    assertEquals(0, result.exitCode(), result.stderr());
    final List<Map<String, Object>> replies = replies(result);
    assertEquals(true, replies.get(0).get("ok"), "hello needs no daemon");
    assertEquals("daemon_not_running", Frames.error(replies.get(1)).get("code"));
    Files.delete(empty);
  }

  @Test
  @Order(5)
  void shouldAnswerTooLargeAndExitOnAnOversizedFrame() throws Exception {
    final byte[] stdin =
        Frames.concat(
            Frames.frame("{\"id\":1,\"type\":\"hello\"}"),
            Frames.frame(new byte[NativeMessagingFrameDescriptor.MAX_REQUEST_LENGTH + 1]));
    final HostProcess.Result result =
        HostProcess.run(daemon, Map.of(), List.of(), stdin, TIMEOUT_MS);
    assertEquals(NativeMessagingHost.EXIT_PROTOCOL_ERROR, result.exitCode(), result.stderr());
    final List<Map<String, Object>> replies = replies(result);
    assertEquals(2, replies.size());
    assertEquals("too_large", Frames.error(replies.get(1)).get("code"));
    assertTrue(result.stderr().contains("exceeds the host's limit"), result.stderr());
  }

  @Test
  @Order(6)
  void shouldShipOnlyTheThinClientAndJacksonCoreOnTheLaunchersClassPath() throws IOException {
    assertEquals(
        List.of("flatbuffers-java", "jackson-core", "libpersona-uds.so", "persona-schema"),
        LauncherLib.artifacts());
  }
}
