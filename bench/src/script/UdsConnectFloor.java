import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * The JDK's Unix-socket floor for a CLI: a JVM that only connects a {@code SocketChannel} to the
 * daemon's socket and closes it. The issue prescribes this transport for the thin client; its first
 * use initialises {@code sun.nio.ch.Net}, the security providers (the JDK seeds a {@code
 * SecureRandom} for socket names) and reflection's method handles, which a hello-world never pays.
 * `bench/cli-startup` runs it with its own AOT cache, so `persona read` can be compared with the
 * least any JDK-socket client costs. Usage: {@code java -cp DIR UdsConnectFloor SOCKET}.
 */
public final class UdsConnectFloor {
  private UdsConnectFloor() {}

  public static void main(final String[] args) throws Exception {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(args[0]))) {
      System.out.println(channel.isConnected() ? "connected" : "not connected");
    }
  }
}
