package dev.persona.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreReaderTest {
  @TempDir Path dir;

  @Test
  void shouldFreeReaderSlotWhenClosingResetReader() {
    try (StoreEnv store = StoreEnv.open(dir.resolve("s"), 1 << 20)) {
      final byte[] blind = new byte[KeyLayout.MAC_LENGTH];
      blind[0] = 7;
      final byte[] id = new byte[KeyLayout.ITEM_ID_LENGTH];
      id[0] = 9;
      store.write(
          t -> {
            t.put(Db.INDEX, KeyLayout.indexKey(blind, id), new byte[0]);
            return null;
          });
      // Far more than the 512 reader slots: each close must give its slot back.
      for (int i = 0; i < 2000; i++) {
        final long stamp = store.acquireRead();
        try {
          final StoreReader r = store.newReader();
          r.begin();
          final byte[] out = new byte[KeyLayout.ITEM_ID_LENGTH];
          assertTrue(r.firstIndexHit(blind, out));
          assertEquals(9, out[0]);
          r.end();
          store.closeReader(r);
        } finally {
          store.releaseRead(stamp);
        }
      }
    }
  }
}
