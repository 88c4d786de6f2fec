package dev.persona.engine.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.loader.openssh.kdf.BCrypt;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Parses SSH private keys: OpenSSH {@code openssh-key-v1} files (plain or passphrase-protected with
 * bcrypt-pbkdf and AES), PEM files (PKCS#1 {@code BEGIN RSA PRIVATE KEY}, SEC1 {@code BEGIN EC
 * PRIVATE KEY}, PKCS#8 plain or encrypted, legacy OpenSSL-encrypted PEM), and the private-key
 * encoding of SSH_AGENTC_ADD_IDENTITY.
 *
 * <p>The per-key fields of {@code openssh-key-v1} are exactly the agent encoding, so both go
 * through {@link #readAgentIdentity}; PEM goes through BouncyCastle's {@link PEMParser}, and the
 * bcrypt KDF is MINA sshd's. Stateless; safe on any thread.
 */
public final class SshPrivateKeyParser {
  private static final byte[] AUTH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final String OPENSSH_BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
  private static final String OPENSSH_END = "-----END OPENSSH PRIVATE KEY-----";
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private SshPrivateKeyParser() {}

  /**
   * Reads one key as SSH_AGENTC_ADD_IDENTITY carries it ({@code string type ‖ fields ‖ string
   * comment}) and leaves {@code reader} after the comment (at the constraints, if any).
   */
  public static SshPrivateKey readAgentIdentity(final SshWireReader reader) {
    final String typeName = reader.readUtf8("key.type");
    final SshKeyType type = SshKeyType.fromName(typeName);
    if (type == null) {
      throw new SshKeyException(SshKeyException.Kind.UNSUPPORTED, "reason=unknown_key_type");
    }
    final boolean isCertificate = SshKeyType.isCertificateName(typeName);
    final SshCertificate certificate =
        isCertificate ? SshCertificate.parse(reader.readString("key.certificate")) : null;
    return switch (type) {
      case ED25519 -> {
        final byte[] pk = reader.readFixedString("key.pk", 32);
        final int skOffset = reader.skipString("key.sk");
        if (reader.position() - skOffset != 64
            || !Arrays.equals(pk, 0, 32, reader.buffer(), skOffset + 32, skOffset + 64)) {
          throw new SshKeyException(SshKeyException.Kind.MALFORMED, "reason=bad_sk field=key.sk");
        }
        final String comment = reader.readUtf8("key.comment");
        yield Ed25519SshKey.fromSeed(reader.buffer(), skOffset, pk, certificate, comment);
      }
      case RSA -> {
        BigInteger n = null;
        BigInteger e = null;
        if (certificate == null) {
          n = reader.readPositiveMpint("key.n");
          e = reader.readPositiveMpint("key.e");
        } else {
          final SshWireReader pub = new SshWireReader(certificate.publicKeyBlob());
          pub.skipString("key.type");
          e = pub.readPositiveMpint("key.e");
          n = pub.readPositiveMpint("key.n");
        }
        final BigInteger d = reader.readPositiveMpint("key.d");
        final BigInteger iqmp = reader.readPositiveMpint("key.iqmp");
        final BigInteger p = reader.readPositiveMpint("key.p");
        final BigInteger q = reader.readPositiveMpint("key.q");
        final String comment = reader.readUtf8("key.comment");
        yield RsaSshKey.fromComponents(n, e, d, p, q, iqmp, certificate, comment);
      }
      default -> {
        byte[] point;
        if (certificate == null) {
          final String curve = reader.readUtf8("key.curve");
          if (!curve.equals(type.curveName())) {
            throw new SshKeyException(
                SshKeyException.Kind.MALFORMED, "reason=curve_mismatch field=key.curve");
          }
          point = reader.readString("key.Q");
        } else {
          final SshWireReader pub = new SshWireReader(certificate.publicKeyBlob());
          pub.skipString("key.type");
          pub.skipString("key.curve");
          point = pub.readString("key.Q");
        }
        final BigInteger d = reader.readPositiveMpint("key.d");
        final String comment = reader.readUtf8("key.comment");
        yield EcdsaSshKey.fromScalar(type, d, point, certificate, comment);
      }
    };
  }

  /**
   * Parses a private key file. {@code passphrase} may be null for unencrypted files; it is not
   * modified or retained.
   */
  public static SshPrivateKey parseFile(final byte[] content, final char[] passphrase) {
    final String head =
        new String(content, 0, Math.min(content.length, 200), StandardCharsets.US_ASCII);
    if (head.contains(OPENSSH_BEGIN)) {
      final byte[] binary = dearmor(content);
      try {
        return parseOpenSshKeyV1(binary, passphrase);
      } finally {
        Arrays.fill(binary, (byte) 0);
      }
    }
    if (head.contains("-----BEGIN ")) {
      return parsePem(content, passphrase);
    }
    throw new SshKeyException(SshKeyException.Kind.UNSUPPORTED, "reason=unknown_file_format");
  }

  private static byte[] dearmor(final byte[] content) {
    final String text = new String(content, StandardCharsets.US_ASCII);
    final int begin = text.indexOf(OPENSSH_BEGIN);
    final int end = text.indexOf(OPENSSH_END);
    if (end < begin) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=missing_end_marker format=openssh-key-v1");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(begin + OPENSSH_BEGIN.length(), end));
    } catch (final IllegalArgumentException e) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=bad_base64 format=openssh-key-v1");
    }
  }

  /** Parses the binary (base64-decoded) {@code openssh-key-v1} container (OpenSSH PROTOCOL.key). */
  public static SshPrivateKey parseOpenSshKeyV1(final byte[] binary, final char[] passphrase) {
    if (binary.length < AUTH_MAGIC.length
        || !Arrays.equals(binary, 0, AUTH_MAGIC.length, AUTH_MAGIC, 0, AUTH_MAGIC.length)) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=bad_magic format=openssh-key-v1");
    }
    final SshWireReader reader =
        new SshWireReader(binary, AUTH_MAGIC.length, binary.length - AUTH_MAGIC.length);
    final String cipherName = reader.readUtf8("ciphername");
    final String kdfName = reader.readUtf8("kdfname");
    final byte[] kdfOptions = reader.readString("kdfoptions");
    final int keyCount = reader.readUint32("nkeys");
    if (keyCount != 1) {
      throw new SshKeyException(
          SshKeyException.Kind.UNSUPPORTED, "reason=key_count nkeys=" + keyCount);
    }
    reader.skipString("publickey");
    final int encryptedOffset = reader.skipString("private");
    final int encryptedLength = reader.position() - encryptedOffset;
    final byte[] plain;
    if ("none".equals(cipherName)) {
      plain = Arrays.copyOfRange(binary, encryptedOffset, encryptedOffset + encryptedLength);
    } else {
      plain =
          decrypt(
              cipherName,
              kdfName,
              kdfOptions,
              binary,
              encryptedOffset,
              encryptedLength,
              reader,
              passphrase);
    }
    try {
      final SshWireReader inner = new SshWireReader(plain);
      final long check1 = inner.readUint32Unsigned("checkint1");
      final long check2 = inner.readUint32Unsigned("checkint2");
      if (check1 != check2) {
        throw new SshKeyException(
            SshKeyException.Kind.BAD_PASSPHRASE, "reason=checkint_mismatch format=openssh-key-v1");
      }
      final SshPrivateKey key = readAgentIdentity(inner);
      for (int pad = 1; inner.hasRemaining(); pad++) {
        if (inner.readUint8("padding") != (pad & 0xFF)) {
          key.destroy();
          throw new SshKeyException(
              SshKeyException.Kind.MALFORMED, "reason=bad_padding format=openssh-key-v1");
        }
      }
      return key;
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static byte[] decrypt(
      final String cipherName,
      final String kdfName,
      final byte[] kdfOptions,
      final byte[] binary,
      final int offset,
      final int length,
      final SshWireReader reader,
      final char[] passphrase) {
    if (passphrase == null) {
      throw new SshKeyException(
          SshKeyException.Kind.BAD_PASSPHRASE, "reason=passphrase_required cipher=" + cipherName);
    }
    if (!"bcrypt".equals(kdfName)) {
      throw new SshKeyException(SshKeyException.Kind.UNSUPPORTED, "reason=kdf kdf=" + kdfName);
    }
    final int keyLength;
    final int ivLength;
    final String transformation;
    boolean gcm = false;
    switch (cipherName) {
      case "aes128-ctr" -> {
        keyLength = 16;
        ivLength = 16;
        transformation = "AES/CTR/NoPadding";
      }
      case "aes192-ctr" -> {
        keyLength = 24;
        ivLength = 16;
        transformation = "AES/CTR/NoPadding";
      }
      case "aes256-ctr" -> {
        keyLength = 32;
        ivLength = 16;
        transformation = "AES/CTR/NoPadding";
      }
      case "aes128-cbc", "aes256-cbc" -> {
        keyLength = cipherName.startsWith("aes128") ? 16 : 32;
        ivLength = 16;
        transformation = "AES/CBC/NoPadding";
      }
      case "aes256-gcm@openssh.com" -> {
        keyLength = 32;
        ivLength = 12;
        transformation = "AES/GCM/NoPadding";
        gcm = true;
      }
      default ->
          throw new SshKeyException(
              SshKeyException.Kind.UNSUPPORTED, "reason=cipher cipher=" + cipherName);
    }
    final SshWireReader kdf = new SshWireReader(kdfOptions);
    final byte[] salt = kdf.readString("kdf.salt");
    final int rounds = kdf.readUint32("kdf.rounds");
    if (rounds < 1 || rounds > 1 << 16) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=kdf_rounds rounds=" + rounds);
    }
    final int tagLength = gcm ? 16 : 0;
    if (reader.remaining() < tagLength) {
      throw new SshKeyException(SshKeyException.Kind.MALFORMED, "reason=missing_gcm_tag");
    }
    final byte[] password = utf8(passphrase);
    final byte[] keyIv = new byte[keyLength + ivLength];
    try {
      new BCrypt().pbkdf(password, salt, rounds, keyIv);
      final Cipher cipher = Cipher.getInstance(transformation);
      final SecretKeySpec key = new SecretKeySpec(keyIv, 0, keyLength, "AES");
      if (gcm) {
        cipher.init(
            Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, keyIv, keyLength, ivLength));
      } else {
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(keyIv, keyLength, ivLength));
      }
      // For GCM the tag follows the encrypted string in the container, outside its length.
      return cipher.doFinal(binary, offset, length + tagLength);
    } catch (final javax.crypto.AEADBadTagException e) {
      throw new SshKeyException(
          SshKeyException.Kind.BAD_PASSPHRASE, "reason=gcm_tag_mismatch cipher=" + cipherName);
    } catch (final GeneralSecurityException e) {
      throw new SshKeyException(
          SshKeyException.Kind.CRYPTO, "reason=decrypt cipher=" + cipherName, e);
    } finally {
      Arrays.fill(password, (byte) 0);
      Arrays.fill(keyIv, (byte) 0);
    }
  }

  private static byte[] utf8(final char[] chars) {
    final ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    final byte[] out = new byte[encoded.remaining()];
    encoded.get(out);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return out;
  }

  private static SshPrivateKey parsePem(final byte[] content, final char[] passphrase) {
    try (PEMParser parser =
        new PEMParser(
            new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.US_ASCII))) {
      final Object object = parser.readObject();
      final PrivateKeyInfo info;
      if (object instanceof PEMKeyPair pair) {
        info = pair.getPrivateKeyInfo();
      } else if (object instanceof PrivateKeyInfo plain) {
        info = plain;
      } else if (object instanceof PEMEncryptedKeyPair encrypted) {
        requirePassphrase(passphrase);
        info =
            encrypted
                .decryptKeyPair(
                    new JcePEMDecryptorProviderBuilder().setProvider(BC).build(passphrase))
                .getPrivateKeyInfo();
      } else if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
        requirePassphrase(passphrase);
        info =
            encrypted.decryptPrivateKeyInfo(
                new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
      } else {
        throw new SshKeyException(
            SshKeyException.Kind.UNSUPPORTED,
            "reason=pem_object object="
                + (object == null ? "none" : object.getClass().getSimpleName()));
      }
      return fromKeyParameters(PrivateKeyFactory.createKey(info), "");
    } catch (final PEMException | PKCSException e) {
      throw new SshKeyException(SshKeyException.Kind.BAD_PASSPHRASE, "reason=pem_decrypt", e);
    } catch (final IOException | OperatorCreationException e) {
      throw new SshKeyException(SshKeyException.Kind.MALFORMED, "reason=pem_parse", e);
    }
  }

  private static void requirePassphrase(final char[] passphrase) {
    if (passphrase == null) {
      throw new SshKeyException(
          SshKeyException.Kind.BAD_PASSPHRASE, "reason=passphrase_required format=pem");
    }
  }

  /** Converts BouncyCastle private key parameters (RSA CRT, EC on a NIST curve, Ed25519). */
  static SshPrivateKey fromKeyParameters(
      final AsymmetricKeyParameter params, final String comment) {
    if (params instanceof RSAPrivateCrtKeyParameters rsa) {
      return RsaSshKey.fromComponents(
          rsa.getModulus(),
          rsa.getPublicExponent(),
          rsa.getExponent(),
          rsa.getP(),
          rsa.getQ(),
          rsa.getQInv(),
          null,
          comment);
    }
    if (params instanceof ECPrivateKeyParameters ec) {
      final SshKeyType type =
          SshCurves.typeForFieldBits(ec.getParameters().getCurve().getFieldSize());
      if (type == null || !ec.getParameters().getN().equals(SshCurves.domain(type).getN())) {
        throw new SshKeyException(SshKeyException.Kind.UNSUPPORTED, "reason=ec_curve");
      }
      return EcdsaSshKey.fromScalar(type, ec.getD(), null, null, comment);
    }
    if (params instanceof Ed25519PrivateKeyParameters ed) {
      final byte[] seed = ed.getEncoded();
      try {
        return Ed25519SshKey.fromSeed(seed, 0, null, null, comment);
      } finally {
        Arrays.fill(seed, (byte) 0);
      }
    }
    throw new SshKeyException(
        SshKeyException.Kind.UNSUPPORTED,
        "reason=key_algorithm class=" + params.getClass().getSimpleName());
  }
}
