package dev.persona.bench.engine;

import dev.persona.engine.Engine;
import dev.persona.engine.ItemDraft;
import dev.persona.engine.ItemType;
import dev.persona.engine.KdfParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Builds throwaway workspaces for the engine benchmarks. */
final class BenchVault {
  static final char[] PASSWORD = "benchmark password".toCharArray();

  private BenchVault() {}

  static Path tempHome() {
    try {
      return Files.createTempDirectory("persona-bench");
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Engine open(final Path home, final KdfParams kdf) {
    return Engine.open(new Engine.Context().home(home).kdf(kdf).autoLockAfterMs(0));
  }

  static ItemDraft login(final int i) {
    return ItemDraft.builder("item-" + i, ItemType.LOGIN)
        .field("username", ("user" + i + "@example.com").getBytes(StandardCharsets.UTF_8), false)
        .field("password", ("pw-" + i + "-0123456789abcdef").getBytes(StandardCharsets.UTF_8), true)
        .url("https://site" + i + ".example.com/login")
        .tag("bench")
        .build();
  }

  /** Fills {@code vault} with {@code count} login items, 1000 per durable transaction. */
  static void fill(final Engine engine, final String vault, final int count) {
    for (int start = 0; start < count; start += 1000) {
      final List<ItemDraft> batch = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + 1000); i++) {
        batch.add(login(i));
      }
      engine.createItems(vault, batch);
    }
  }

  static void delete(final Path home) {
    try (Stream<Path> s = Files.walk(home)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
