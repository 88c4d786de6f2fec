package dev.persona.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.agrona.concurrent.CachedEpochClock;

/** Opens engines on a temporary home with tiny KDF params and an adjustable clock. */
final class EngineFixture {
  static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  private EngineFixture() {}

  static Engine.Context context(final Path home, final CachedEpochClock clock) {
    return new Engine.Context()
        .home(home)
        .kdf(KdfParams.testOnlyTiny())
        .autoLockAfterMs(0)
        .initialMapSizeBytes(1 << 20)
        .epochClock(clock);
  }

  static Engine initialized(final Path home, final CachedEpochClock clock) {
    final Engine e = Engine.open(context(home, clock));
    e.init(PASSWORD.clone(), "Personal");
    return e;
  }

  static CachedEpochClock clock() {
    final CachedEpochClock c = new CachedEpochClock();
    c.update(1_700_000_000_000L);
    return c;
  }

  static byte[] utf8(final String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static ItemDraft login(
      final String name, final String user, final String password, final String url) {
    return ItemDraft.builder(name, ItemType.LOGIN)
        .text("username", user)
        .field("password", utf8(password), true)
        .url(url)
        .tag("work")
        .build();
  }
}
