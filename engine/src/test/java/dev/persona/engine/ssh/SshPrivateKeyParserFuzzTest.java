package dev.persona.engine.ssh;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Untrusted key bytes (agent wire, files, certificates) fail only with {@link SshKeyException}. */
class SshPrivateKeyParserFuzzTest {
  private static final byte[][] SEEDS = {
    agentKey(SshKeyType.ED25519), agentKey(SshKeyType.ECDSA_P256), agentKey(SshKeyType.ECDSA_P521)
  };

  private static byte[] agentKey(final SshKeyType type) {
    final SshPrivateKey key = SshKeyGenerator.generate(type, "fuzz");
    final byte[] agent = key.encodeAgentKey();
    return new SshWireWriter().writeBytes(agent, 0, agent.length).writeUtf8("c").toByteArray();
  }

  @Provide
  Arbitrary<byte[]> mutatedKey() {
    return Arbitraries.integers()
        .between(0, SEEDS.length - 1)
        .flatMap(
            which ->
                Arbitraries.integers()
                    .between(0, SEEDS[which].length - 1)
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(3)
                    .flatMap(
                        positions ->
                            Arbitraries.bytes()
                                .list()
                                .ofSize(positions.size())
                                .map(
                                    values -> {
                                      final byte[] copy = SEEDS[which].clone();
                                      for (int i = 0; i < positions.size(); i++) {
                                        copy[positions.get(i)] = values.get(i);
                                      }
                                      return copy;
                                    })));
  }

  private static void parseExpectingOnlySshKeyException(final Runnable parse) {
    try {
      parse.run();
    } catch (final SshKeyException expected) {
      // the only failure mode callers have to handle
    }
  }

  @Property(tries = 500)
  void shouldFailOnlyWithSshKeyExceptionOnMutatedAgentKeys(
      @ForAll("mutatedKey") final byte[] bytes) {
    parseExpectingOnlySshKeyException(
        () -> SshPrivateKeyParser.readAgentIdentity(new SshWireReader(bytes)).destroy());
  }

  @Property(tries = 300)
  void shouldFailOnlyWithSshKeyExceptionOnRandomBytes(@ForAll @Size(max = 400) final byte[] bytes) {
    parseExpectingOnlySshKeyException(
        () -> SshPrivateKeyParser.readAgentIdentity(new SshWireReader(bytes)));
    parseExpectingOnlySshKeyException(() -> SshPrivateKeyParser.parseOpenSshKeyV1(bytes, null));
    parseExpectingOnlySshKeyException(() -> SshCertificate.parse(bytes));
  }
}
