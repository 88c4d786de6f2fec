package dev.persona.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine in one file, in the order a newcomer meets it (lmdbjava TutorialTest style). Each step
 * is a real assertion, so the tutorial cannot drift from the code.
 */
class StoreTutorialTest {
  @TempDir Path home;

  @Test
  void tutorial() {
    // 1. Configure by hand through a Context: no container. KdfParams.testOnlyTiny() keeps this
    // test
    //    fast; a real init calibrates Argon2id to ~0.75 s (DESIGN §3) and stores the params.
    final Engine.Context ctx =
        new Engine.Context().home(home).kdf(KdfParams.testOnlyTiny()).autoLockAfterMs(10 * 60_000);

    // 2. open() creates <home>/store (0700) with data.mdb and lock.mdb (0600). Nothing exists yet.
    try (Engine engine = Engine.open(ctx)) {
      assertTrue(!engine.isInitialized());

      // 3. init derives the unlock key, wraps a random workspace key, creates the first vault
      //    with its own random vault key, and leaves the workspace unlocked.
      engine.init("tutorial password".toCharArray(), "Personal");
      engine.createVault("Work");

      // 4. Items: typed fields are byte[] (zeroable), never String. Each item gets its own random
      //    key, wrapped by the vault key; the record is AES-256-GCM, padded to 64 B, and bound by
      //    its associated data to (vault, item id, key id, revision).
      final ItemView github =
          engine.createItem(
              "Personal",
              ItemDraft.builder("GitHub", ItemType.LOGIN)
                  .text("username", "ann")
                  .field("password", "p4ssw0rd".getBytes(StandardCharsets.UTF_8), true)
                  .url("https://github.com/login")
                  .tag("dev")
                  .build());
      assertEquals(26, github.id().length()); // random 128-bit id, base32

      // 5. Blind indexes: name, tag, URL host and SSH fingerprint are HMACed with a per-vault
      //    index key. A search is an index hit, never a scan, and no term is on disk in clear.
      assertEquals(1, engine.search("Personal", IndexKind.URL_HOST, "github.com").size());
      assertEquals(1, engine.search("Personal", IndexKind.TAG, "DEV").size());
      assertTrue(engine.search("Work", IndexKind.NAME, "github").isEmpty());

      // 6. The hot path: one field by item name into a caller-owned buffer. Errors are values.
      final UnsafeBuffer dst = new UnsafeBuffer(new byte[256]);
      final int n = engine.readField("Personal", "GitHub", "password", dst, 0);
      assertEquals("p4ssw0rd", dst.getStringWithoutLengthUtf8(0, n));
      assertEquals(Engine.NOT_FOUND, engine.readField("Personal", "GitLab", "password", dst, 0));

      // 7. Updates name the revision they replace; the old record moves to history byte for byte.
      final ItemView v2 =
          engine.updateItem(
              "Personal",
              github.id(),
              github.revision(),
              ItemDraft.builder("GitHub", ItemType.LOGIN)
                  .text("username", "ann")
                  .field("password", "rotated!".getBytes(StandardCharsets.UTF_8), true)
                  .build());
      assertEquals(2, v2.revision());
      assertEquals(2, engine.history("Personal", github.id()).size());

      // 8. Every change above also wrote an outbox op in the same transaction, for sync.
      final List<ChangeOp> ops = engine.pendingChanges(0, 100);
      assertEquals(ChangeOp.Type.UPDATE, ops.get(ops.size() - 1).type());

      // 9. Attachments stream in 1 MiB encrypted, content-addressed chunks.
      engine.putAttachment(
          "Personal",
          github.id(),
          "recovery.txt",
          new ByteArrayInputStream("codes".getBytes(StandardCharsets.UTF_8)));
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertTrue(engine.getAttachment("Personal", github.id(), "recovery.txt", out));

      // 10. Audit: hash-chained events sealed to the workspace's audit key; they can be
      //     appended while locked and verified any time.
      engine.appendAudit(new AuditEvent(1, 1000, 4242, "/usr/bin/ssh", "sign", github.id(), "ok"));
      assertTrue(engine.verifyAudit().intact());

      // 11. Trash is reversible, purge is not: it destroys the item key with the records.
      engine.trashItem("Personal", github.id());
      assertNull(engine.getItem("Personal", "GitHub"));
      engine.restoreItem("Personal", github.id());
      engine.purgeItem("Personal", github.id());
      assertNull(engine.getItem("Personal", github.id()));

      // 12. Backups are LMDB's own consistent copy, verified by reopening it.
      engine.backup(home.resolve("backup-1"));

      // 13. lock() zeroes every key; the hot path answers LOCKED, other calls throw.
      engine.lock();
      assertEquals(Engine.LOCKED, engine.readField("Personal", "GitHub", "password", dst, 0));
    }
  }
}
