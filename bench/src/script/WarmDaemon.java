import dev.persona.schema.client.PersonaClient;
import java.nio.file.Path;
import java.util.List;

/**
 * Warms personad on the path of one {@code persona read} — accept, Hello, ReadRefs, close — so that
 * `bench/cli-startup` times the CLI against a warm daemon, as the issue asks: a freshly started
 * daemon answers its first few hundred connections from the interpreter while its JIT threads
 * compete with the CLI for the machine's two cores. Usage: {@code java -cp persona-cli.jar
 * WarmDaemon SOCKET REF SECONDS}.
 */
public final class WarmDaemon {
  private WarmDaemon() {}

  public static void main(final String[] args) {
    final Path socket = Path.of(args[0]);
    final List<String> refs = List.of(args[1]);
    final long end = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
    int calls = 0;
    while (System.nanoTime() < end) {
      try (PersonaClient client = PersonaClient.connectPipelined(socket, "bench-warm")) {
        client.readRefs(refs);
      }
      calls++;
    }
    System.out.println("warmed the daemon with " + calls + " connections, each Hello + ReadRefs");
  }
}
