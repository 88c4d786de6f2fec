package dev.persona.engine;

import static dev.persona.engine.EngineFixture.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.store.Db;
import dev.persona.engine.store.KeyLayout;
import dev.persona.engine.vault.ItemIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

/** Whole-engine properties: a sealed item record only opens where and when it was written. */
class RecordBindingPropertiesTest {
  @Property(tries = 8)
  void shouldRejectRecordMovedToAnotherItemOrVault(@ForAll final boolean otherVault)
      throws IOException {
    final Path home = Files.createTempDirectory("persona-bind");
    try (Engine engine = EngineFixture.initialized(home, EngineFixture.clock())) {
      engine.createVault("Work");
      final ItemView a =
          engine.createItem("Personal", login("alpha", "u", "secret-a", "https://a.example"));
      final ItemView b =
          engine.createItem(
              otherVault ? "Work" : "Personal",
              login("beta", "u", "secret-b", "https://b.example"));
      copyRecord(engine, a.id(), b.id());
      final StoreCorruptedException e =
          assertThrows(StoreCorruptedException.class, () -> engine.getItem(b.vault(), b.id()));
      assertTrue(e.getMessage().contains("item=" + b.id()), e.getMessage());
      assertTrue(e.getMessage().contains("data.mdb"), e.getMessage());
      final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
      assertEquals(Engine.CORRUPTED, engine.readField(b.vault(), "beta", "password", dst, 0));
    }
  }

  @Property(tries = 8)
  void shouldRejectRecordMovedToAnotherRevision(
      @ForAll @IntRange(min = 1, max = 4) final int updates) throws IOException {
    final Path home = Files.createTempDirectory("persona-bind");
    try (Engine engine = EngineFixture.initialized(home, EngineFixture.clock())) {
      final ItemView a =
          engine.createItem("Personal", login("alpha", "u", "v0", "https://a.example"));
      for (int i = 1; i <= updates; i++) {
        engine.updateItem("Personal", a.id(), i, login("alpha", "u", "v" + i, "https://a.example"));
      }
      final byte[] id = ItemIds.parse(a.id());
      // An old revision relabelled as the current one: the AAD revision no longer matches.
      engine
          .store()
          .write(
              t -> {
                final byte[] old = t.get(Db.HISTORY, KeyLayout.historyKey(id, 1));
                KeyLayout.putLong(old, 2, updates + 1);
                t.put(Db.ITEMS, id, old);
                return null;
              });
      assertThrows(StoreCorruptedException.class, () -> engine.getItem("Personal", a.id()));
    }
  }

  @Property(tries = 8)
  void shouldRejectRollbackToOlderRevision(@ForAll @IntRange(min = 1, max = 4) final int updates)
      throws IOException {
    final Path home = Files.createTempDirectory("persona-bind");
    try (Engine engine = EngineFixture.initialized(home, EngineFixture.clock())) {
      final ItemView a =
          engine.createItem("Personal", login("alpha", "u", "v0", "https://a.example"));
      for (int i = 1; i <= updates; i++) {
        engine.updateItem("Personal", a.id(), i, login("alpha", "u", "v" + i, "https://a.example"));
      }
      final byte[] id = ItemIds.parse(a.id());
      engine
          .store()
          .write(
              t -> {
                t.put(Db.ITEMS, id, t.get(Db.HISTORY, KeyLayout.historyKey(id, updates)));
                return null;
              });
      final StoreCorruptedException e =
          assertThrows(StoreCorruptedException.class, () -> engine.getItem("Personal", a.id()));
      assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
    }
  }

  private static void copyRecord(final Engine engine, final String fromId, final String toId) {
    engine
        .store()
        .write(
            t -> {
              t.put(Db.ITEMS, ItemIds.parse(toId), t.get(Db.ITEMS, ItemIds.parse(fromId)));
              return null;
            });
  }
}
