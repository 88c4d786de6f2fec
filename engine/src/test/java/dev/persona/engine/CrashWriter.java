package dev.persona.engine;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link CrashSafetyTest}: writes items, updates, attachments and audit events in
 * a loop and prints one line per acknowledged (committed) write, until it is killed.
 */
final class CrashWriter {
  private CrashWriter() {}

  public static void main(final String[] args) {
    final Path home = Path.of(args[0]);
    int i = Integer.parseInt(args[1]);
    final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (Engine engine =
        Engine.open(
            new Engine.Context().home(home).kdf(KdfParams.testOnlyTiny()).autoLockAfterMs(0))) {
      engine.unlock(EngineFixture.PASSWORD.clone());
      out.println("READY");
      String lastId = null;
      while (true) {
        final ItemView v =
            engine.createItem(
                "Personal",
                EngineFixture.login(
                    "crash-" + i, "user" + i, "secret-" + i, "https://h" + i + ".example"));
        out.println("ITEM " + i + " " + v.id());
        engine.appendAudit(new AuditEvent(i, 1, 2, "crash", "create", v.id(), "ok"));
        out.println("AUDIT " + i);
        if (lastId != null && i % 3 == 0) {
          final ItemView u =
              engine.updateItem(
                  "Personal",
                  lastId,
                  engine.getItem("Personal", lastId).revision(),
                  EngineFixture.login("crash-" + (i - 1), "u", "updated-" + (i - 1), "https://x"));
          out.println("UPDATE " + (i - 1) + " " + u.id() + " " + u.revision());
        }
        if (i % 4 == 0) {
          final byte[] body = new byte[Engine.CHUNK_SIZE + 1000];
          java.util.Arrays.fill(body, (byte) i);
          engine.putAttachment("Personal", v.id(), "att", new ByteArrayInputStream(body));
          out.println("ATTACH " + i + " " + v.id());
        }
        lastId = v.id();
        i++;
      }
    }
  }
}
