package dev.persona.bench.agent;

import dev.persona.agent.SessionKeyStore;
import dev.persona.agent.SshAgentBackend;
import dev.persona.agent.SshAgentCallbacks;
import dev.persona.agent.SshAgentOutput;
import dev.persona.agent.SshAgentSession;
import dev.persona.agent.SshConfirmer;
import dev.persona.agent.SshKeyConstraints;
import dev.persona.engine.ssh.SshKeyGenerator;
import dev.persona.engine.ssh.SshKeyType;
import dev.persona.engine.ssh.SshPrivateKey;
import dev.persona.engine.ssh.SshWireWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The agent's sign path without a socket: {@code codec} frames and decodes a SIGN_REQUEST and
 * encodes the reply around a fixed signature (no crypto); {@code signRequest} is the full path
 * through {@link SessionKeyStore} and the key's signer; {@code rawSign} is the signer alone. Run
 * with {@code -prof gc}:
 *
 * <pre>java -jar bench/target/benchmarks.jar AgentSignBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Forked JVMs do not read the jar manifest: Agrona buffers need jdk.internal.misc exported.
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-exports",
      "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow"
    })
public class AgentSignBenchmark {
  @Param({"ED25519", "ECDSA_P256", "RSA"})
  public String keyType;

  private final byte[] data = new byte[128];
  private SshPrivateKey key;
  private ByteBuffer request;
  private SshAgentSession fullSession;
  private SshAgentSession codecSession;
  private int flags;
  private Blackhole sink;

  @Setup
  public void setUp(final Blackhole blackhole) {
    sink = blackhole;
    final SshKeyType type = SshKeyType.valueOf(keyType);
    key = SshKeyGenerator.generate(type, "bench");
    flags = type == SshKeyType.RSA ? 4 : 0;
    final byte[] blob = key.publicKeyBlob();
    final byte[] body =
        new SshWireWriter().writeString(blob).writeString(data).writeUint32(flags).toByteArray();
    request = ByteBuffer.allocateDirect(5 + body.length);
    request.putInt(1 + body.length).put((byte) 13).put(body).flip();

    final SshAgentOutput output =
        new SshAgentOutput() {
          @Override
          public void write(final ByteBuffer reply) {
            sink.consume(reply);
          }

          @Override
          public void close() {
            throw new IllegalStateException("benchmark session closed");
          }
        };
    final SessionKeyStore store =
        new SessionKeyStore(SystemEpochClock.INSTANCE, Runnable::run, SshConfirmer.DENY, false);
    store.addIdentity(null, key.withCertificate(null, "bench"), SshKeyConstraints.NONE, ok -> {});
    fullSession = new SshAgentSession(store, output, null);
    final byte[] fixedSignature = key.sign(data, 0, data.length, flags);
    codecSession = new SshAgentSession(new FixedSignatureBackend(fixedSignature), output, null);
  }

  @Benchmark
  public void codec() {
    request.position(0);
    codecSession.onBytes(request);
  }

  @Benchmark
  public void signRequest() {
    request.position(0);
    fullSession.onBytes(request);
  }

  @Benchmark
  public byte[] rawSign() {
    return key.sign(data, 0, data.length, flags);
  }

  /** Answers every sign with the same signature so the codec is measured alone. */
  private static final class FixedSignatureBackend implements SshAgentBackend {
    private final byte[] signature;

    FixedSignatureBackend(final byte[] signature) {
      this.signature = signature;
    }

    @Override
    public void requestIdentities(final SshAgentSession s, final SshAgentCallbacks.Identities c) {
      c.onIdentities(List.of());
    }

    @Override
    public void sign(
        final SshAgentSession s,
        final byte[] keyBlob,
        final byte[] data,
        final int dataLength,
        final int flags,
        final SshAgentCallbacks.Sign c) {
      c.onSignature(signature);
    }

    @Override
    public void addIdentity(
        final SshAgentSession s,
        final SshPrivateKey key,
        final SshKeyConstraints constraints,
        final SshAgentCallbacks.Status c) {
      key.destroy();
      c.onResult(false);
    }

    @Override
    public void removeIdentity(
        final SshAgentSession s, final byte[] keyBlob, final SshAgentCallbacks.Status c) {
      c.onResult(false);
    }

    @Override
    public void removeAllIdentities(final SshAgentSession s, final SshAgentCallbacks.Status c) {
      c.onResult(true);
    }

    @Override
    public void lock(final SshAgentSession s, final byte[] p, final SshAgentCallbacks.Status c) {
      c.onResult(false);
    }

    @Override
    public void unlock(final SshAgentSession s, final byte[] p, final SshAgentCallbacks.Status c) {
      c.onResult(false);
    }
  }
}
