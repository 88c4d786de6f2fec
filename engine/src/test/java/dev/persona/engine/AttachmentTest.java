package dev.persona.engine;

import static dev.persona.engine.EngineFixture.login;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.store.Db;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AttachmentTest {
  @TempDir Path home;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldStream200MiBThroughA64MiBHeap() throws Exception {
    final long size = 200L << 20;
    final Process p =
        ChildJvm.start(
            AttachmentRoundTrip.class, List.of("-Xmx64m"), home.toString(), Long.toString(size));
    final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(100, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "child failed: " + out);
    final String[] f =
        out.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow().split(" ");
    assertEquals("true", f[1]);
    assertEquals(size, Long.parseLong(f[2]));
    assertEquals(size, Long.parseLong(f[3]));
    assertEquals(200, Integer.parseInt(f[4]));
    assertEquals(f[5], f[6], "digest of what went in differs from what came out");
  }

  @Test
  void shouldDedupeChunksAndFreeThemOnlyWhenLastItemIsPurged() {
    try (Engine e = EngineFixture.initialized(home, EngineFixture.clock())) {
      final byte[] body = new byte[Engine.CHUNK_SIZE * 2 + 17];
      new Random(3).nextBytes(body);
      final ItemView a = e.createItem("Personal", login("a", "u", "p", "https://a"));
      final ItemView b = e.createItem("Personal", login("b", "u", "p", "https://b"));
      final AttachmentInfo info =
          e.putAttachment("Personal", a.id(), "f.bin", new ByteArrayInputStream(body));
      assertEquals(3, info.chunkCount());
      e.putAttachment("Personal", b.id(), "g.bin", new ByteArrayInputStream(body));
      assertEquals(3L, blobs(e));
      e.deleteAttachment("Personal", a.id(), "f.bin");
      assertFalse(e.getAttachment("Personal", a.id(), "f.bin", new ByteArrayOutputStream()));
      assertEquals(3L, blobs(e), "history still refers to the chunks");
      e.restoreRevision("Personal", a.id(), 2);
      final ByteArrayOutputStream back = new ByteArrayOutputStream();
      assertTrue(e.getAttachment("Personal", a.id(), "f.bin", back));
      assertArrayEquals(body, back.toByteArray());
      e.purgeItem("Personal", a.id());
      assertEquals(3L, blobs(e), "b still uses the chunks");
      e.purgeItem("Personal", b.id());
      assertEquals(0L, blobs(e));
    }
  }

  @Test
  void shouldReplaceAttachmentOfSameNameAndListIt() {
    try (Engine e = EngineFixture.initialized(home, EngineFixture.clock())) {
      final ItemView a = e.createItem("Personal", login("a", "u", "p", "https://a"));
      e.putAttachment(
          "Personal",
          a.id(),
          "n.txt",
          new ByteArrayInputStream("one".getBytes(StandardCharsets.UTF_8)));
      e.putAttachment(
          "Personal",
          a.id(),
          "n.txt",
          new ByteArrayInputStream("two!".getBytes(StandardCharsets.UTF_8)));
      final ItemView got = e.getItem("Personal", a.id());
      assertEquals(List.of(new AttachmentInfo("n.txt", 4, 1)), got.attachments());
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertTrue(e.getAttachment("Personal", a.id(), "n.txt", out));
      assertEquals("two!", out.toString(StandardCharsets.UTF_8));
      assertNotNull(e.getItem("Personal", "a"));
      assertThrows(PersonaException.class, () -> e.deleteAttachment("Personal", a.id(), "missing"));
    }
  }

  private static long blobs(final Engine e) {
    return e.store().read(t -> t.entries(Db.BLOBS));
  }
}
