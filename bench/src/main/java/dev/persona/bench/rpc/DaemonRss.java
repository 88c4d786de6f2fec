package dev.persona.bench.rpc;

import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.fb.ItemType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The daemon's resident memory: idle after {@code init}, then with 100 000 login items written over
 * RPC (pipelined in windows, one durable commit per item), then after reading them back.
 *
 * <p>Usage: {@code DaemonRss <repo root> [items]}.
 */
public final class DaemonRss {
  private static final int WINDOW = 256;

  private DaemonRss() {}

  public static void main(final String[] args) throws Exception {
    final Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    final int items = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    try (BenchDaemon daemon = BenchDaemon.start(root);
        PersonaClient client = PersonaClient.connect(daemon.rpcSocket, "daemon-rss")) {
      client.init("bench-password".toCharArray(), "Personal", 0, 0, 0);
      Thread.sleep(2000);
      System.out.printf(Locale.ROOT, "idle after init:        %7d KiB%n", daemon.rssKiB());
      final long start = System.nanoTime();
      final long[] ids = new long[WINDOW];
      for (int i = 0; i < items; i += WINDOW) {
        final int count = Math.min(WINDOW, items - i);
        for (int j = 0; j < count; j++) {
          final int n = i + j;
          final ItemEntry item =
              ItemEntry.draft(
                  "login-" + n,
                  ItemType.LOGIN,
                  List.of(
                      new FieldEntry(
                          "username", ("user" + n).getBytes(StandardCharsets.UTF_8), false),
                      new FieldEntry(
                          "password", ("pw-" + n).getBytes(StandardCharsets.UTF_8), true)),
                  List.of("https://site" + n + ".example.com/login"),
                  List.of("bench"));
          ids[j] = client.nextRequestId();
          client.send(client.requestWriter().itemCreate(ids[j], "Personal", item));
        }
        for (int j = 0; j < count; j++) {
          client.await(ids[j]).throwIfError();
        }
      }
      final double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "after %d items:      %7d KiB  (%.0f durable item writes/s over RPC)%n",
          items,
          daemon.rssKiB(),
          items / seconds);
      for (int i = 0; i < items; i += 97) {
        client.readRef("persona://Personal/login-" + i + "/password");
      }
      System.out.printf(Locale.ROOT, "after reading them:     %7d KiB%n", daemon.rssKiB());
    }
  }
}
