package dev.persona.engine.ssh;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.BigIntegers;

/**
 * Generates new SSH keys: Ed25519 (the default), ECDSA P-256/384/521, RSA of at least {@value
 * SshKeyType#MIN_RSA_GENERATE_BITS} bits.
 *
 * <p>Thread-safe. RSA generation takes around a second; never call it on an event loop.
 */
public final class SshKeyGenerator {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SshKeyGenerator() {}

  /**
   * Generates a key of {@code type}; RSA keys get {@value SshKeyType#MIN_RSA_GENERATE_BITS} bits.
   */
  public static SshPrivateKey generate(final SshKeyType type, final String comment) {
    return generate(type, SshKeyType.MIN_RSA_GENERATE_BITS, comment);
  }

  /** Generates a key; {@code rsaBits} applies to RSA only and must be at least 3072. */
  public static SshPrivateKey generate(
      final SshKeyType type, final int rsaBits, final String comment) {
    return switch (type) {
      case ED25519 -> {
        final byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        Ed25519.generatePrivateKey(RANDOM, seed);
        try {
          yield Ed25519SshKey.fromSeed(seed, 0, null, null, comment);
        } finally {
          java.util.Arrays.fill(seed, (byte) 0);
        }
      }
      case RSA -> generateRsa(rsaBits, comment);
      default -> {
        final ECDomainParameters domain = SshCurves.domain(type);
        final BigInteger d =
            BigIntegers.createRandomInRange(
                BigInteger.ONE, domain.getN().subtract(BigInteger.ONE), RANDOM);
        yield EcdsaSshKey.fromScalar(type, d, null, null, comment);
      }
    };
  }

  private static SshPrivateKey generateRsa(final int bits, final String comment) {
    if (bits < SshKeyType.MIN_RSA_GENERATE_BITS || bits > 16384) {
      throw new SshKeyException(
          SshKeyException.Kind.UNSUPPORTED,
          "reason=rsa_bits_out_of_range bits=" + bits + " min=" + SshKeyType.MIN_RSA_GENERATE_BITS);
    }
    try {
      final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), RANDOM);
      final KeyPair pair = generator.generateKeyPair();
      final RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();
      return RsaSshKey.fromComponents(
          key.getModulus(),
          key.getPublicExponent(),
          key.getPrivateExponent(),
          key.getPrimeP(),
          key.getPrimeQ(),
          key.getCrtCoefficient(),
          null,
          comment);
    } catch (final GeneralSecurityException e) {
      throw new SshKeyException(SshKeyException.Kind.CRYPTO, "reason=rsa_generate bits=" + bits, e);
    }
  }
}
