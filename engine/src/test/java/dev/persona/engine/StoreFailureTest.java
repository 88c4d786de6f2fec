package dev.persona.engine;

import static dev.persona.engine.EngineFixture.PASSWORD;
import static dev.persona.engine.EngineFixture.login;
import static dev.persona.engine.EngineFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.store.Db;
import dev.persona.engine.vault.ItemIds;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFailureTest {
  @TempDir Path home;

  private Path dataFile() {
    return home.resolve("store").resolve("data.mdb");
  }

  private List<ItemView> populate(final int n) {
    final List<ItemView> out = new ArrayList<>();
    try (Engine e = EngineFixture.initialized(home, EngineFixture.clock())) {
      for (int i = 0; i < n; i++) {
        out.add(
            e.createItem(
                "Personal", login("item-" + i, "u", "secret-" + i, "https://e" + i + ".example")));
      }
    }
    return out;
  }

  private Engine open() {
    return Engine.open(EngineFixture.context(home, EngineFixture.clock()));
  }

  @Test
  void shouldNameFileWhenDataFileIsNotLmdb() throws IOException {
    populate(3);
    final byte[] before = Files.readAllBytes(dataFile());
    try (RandomAccessFile f = new RandomAccessFile(dataFile().toFile(), "rw")) {
      f.seek(16);
      f.writeInt(0x12345678);
    }
    final byte[] corrupted = Files.readAllBytes(dataFile());
    final StoreCorruptedException e = assertThrows(StoreCorruptedException.class, this::open);
    assertTrue(e.getMessage().contains(dataFile().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not an LMDB data file"), e.getMessage());
    assertArrayEquals(corrupted, Files.readAllBytes(dataFile()), "a failed open must not write");
    assertEquals(before.length, corrupted.length);
  }

  @Test
  void shouldNameFileWhenDataFileIsTruncated() throws IOException {
    populate(200);
    final long size = Files.size(dataFile());
    try (RandomAccessFile f = new RandomAccessFile(dataFile().toFile(), "rw")) {
      f.setLength(size / 2);
    }
    final StoreCorruptedException e = assertThrows(StoreCorruptedException.class, this::open);
    assertTrue(e.getMessage().contains(dataFile().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertEquals(
        size / 2, Files.size(dataFile()), "a failed open must not grow or rewrite the file");
  }

  @Test
  void shouldRefuseEmptyDataFileInsteadOfReinitialising() throws IOException {
    populate(1);
    try (RandomAccessFile f = new RandomAccessFile(dataFile().toFile(), "rw")) {
      f.setLength(0);
    }
    final StoreCorruptedException e = assertThrows(StoreCorruptedException.class, this::open);
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void shouldNameRecordWhoseCiphertextWasAlteredOnDisk() throws IOException {
    final ItemView item = populate(1).get(0);
    final byte[] raw;
    try (Engine e = open()) {
      raw = e.store().read(t -> t.get(Db.ITEMS, ItemIds.parse(item.id())));
    }
    final byte[] file = Files.readAllBytes(dataFile());
    final int at = indexOf(file, raw);
    assertTrue(at > 0, "record not found in data.mdb");
    try (RandomAccessFile f = new RandomAccessFile(dataFile().toFile(), "rw")) {
      f.seek(at + raw.length - 20);
      f.write(file[at + raw.length - 20] ^ 0x55);
    }
    try (Engine e = open()) {
      e.unlock(PASSWORD.clone());
      final StoreCorruptedException ex =
          assertThrows(StoreCorruptedException.class, () -> e.getItem("Personal", item.id()));
      assertTrue(ex.getMessage().contains(dataFile().toString()), ex.getMessage());
      assertTrue(ex.getMessage().contains("item=" + item.id()), ex.getMessage());
      assertThrows(StoreCorruptedException.class, e::verifyStore);
    }
  }

  @Test
  void shouldRefuseDataFileReadableByOthers() throws IOException {
    populate(1);
    Files.setPosixFilePermissions(dataFile(), PosixFilePermissions.fromString("rw-r--r--"));
    final FilePermissionException e = assertThrows(FilePermissionException.class, this::open);
    assertEquals(PersonaException.Category.DENIED, e.category());
    assertTrue(e.getMessage().contains(dataFile().toString()), e.getMessage());
    Files.setPosixFilePermissions(dataFile(), PosixFilePermissions.fromString("rw-------"));
    try (Engine ok = open()) {
      ok.unlock(PASSWORD.clone());
      assertNotNull(ok.getItem("Personal", "item-0"));
    }
  }

  @Test
  void shouldRefuseHomeDirectoryOpenToOthers() throws IOException {
    populate(1);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    final FilePermissionException e = assertThrows(FilePermissionException.class, this::open);
    assertTrue(e.getMessage().contains("file=" + home + " "), e.getMessage());
  }

  @Test
  void shouldCreateDirectoriesAndFilesPrivate() throws IOException {
    final Path fresh = home.resolve("a").resolve("b");
    try (Engine e = Engine.open(EngineFixture.context(fresh, EngineFixture.clock()))) {
      e.init(PASSWORD.clone(), "Personal");
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve("store"))));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(fresh.resolve("store").resolve("data.mdb"))));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(fresh.resolve("store").resolve("lock.mdb"))));
  }

  @Test
  void shouldGrowFullMapAndKeepEverything() {
    try (Engine e = EngineFixture.initialized(home, EngineFixture.clock())) {
      final byte[] big = new byte[4096];
      new Random(1).nextBytes(big);
      final List<String> ids = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        ids.add(
            e.createItem(
                    "Personal",
                    ItemDraft.builder("big-" + i, ItemType.SECURE_NOTE)
                        .field("note", big.clone(), true)
                        .build())
                .id());
      }
      assertTrue(e.mapGrowths() > 0, "1 MiB map should have grown for ~3 MiB of records");
      for (final String id : ids) {
        assertArrayEquals(big, e.getItem("Personal", id).field("note").value());
      }
    }
    // Reopening with the small initial size must take the file's size, and keep growing from there.
    try (Engine e = open()) {
      e.unlock(PASSWORD.clone());
      for (int i = 0; i < 300; i++) {
        e.createItem(
            "Personal",
            ItemDraft.builder("more-" + i, ItemType.SECURE_NOTE)
                .field("note", new byte[4096], true)
                .build());
      }
      assertEquals(900, e.listItems("Personal", false).size());
      e.verifyStore();
    }
  }

  @Test
  void shouldReportFullDiskNamingFileAndKeepEarlierWrites() throws Exception {
    final Path mnt = home.resolve("tiny");
    Files.createDirectories(mnt);
    final boolean mounted = mountTmpfs(mnt, "3m");
    if (!mounted) {
      final String why =
          "needs root and mount -t tmpfs to simulate a full disk; run as root or in CI";
      if (Boolean.getBoolean("persona.requireTools")) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
    try {
      final Path vaultHome = mnt.resolve("home");
      final List<String> acked = new ArrayList<>();
      final byte[] value = new byte[64 * 1024];
      new Random(2).nextBytes(value);
      StorageFullException full = null;
      try (Engine e =
          Engine.open(
              EngineFixture.context(vaultHome, EngineFixture.clock())
                  .initialMapSizeBytes(64L << 20))) {
        e.init(PASSWORD.clone(), "Personal");
        for (int i = 0; i < 200 && full == null; i++) {
          try {
            acked.add(
                e.createItem(
                        "Personal",
                        ItemDraft.builder("fill-" + i, ItemType.SECURE_NOTE)
                            .field("note", value.clone(), true)
                            .build())
                    .id());
          } catch (final StorageFullException ex) {
            full = ex;
          }
        }
        assertNotNull(full, "a 3 MiB tmpfs should fill up");
        assertEquals(PersonaException.Category.STORAGE_FULL, full.category());
        assertTrue(
            full.getMessage().contains(vaultHome.resolve("store").resolve("data.mdb").toString()),
            full.getMessage());
        for (final String id : acked) {
          assertArrayEquals(value, e.getItem("Personal", id).field("note").value());
        }
      }
      try (Engine e = Engine.open(EngineFixture.context(vaultHome, EngineFixture.clock()))) {
        e.unlock(PASSWORD.clone());
        for (final String id : acked) {
          assertArrayEquals(value, e.getItem("Personal", id).field("note").value());
        }
        assertTrue(e.verifyAudit().intact());
        assertTrue(acked.size() > 5, "some writes should have fit: " + acked.size());
      }
    } finally {
      run("umount", mnt.toString());
    }
  }

  private static boolean mountTmpfs(final Path dir, final String size) {
    return run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString())
        == 0;
  }

  private static int run(final String... cmd) {
    try {
      final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (final IOException e) {
      return -1;
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int indexOf(final byte[] hay, final byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static byte[] bytes(final String s) {
    return utf8(s);
  }
}
