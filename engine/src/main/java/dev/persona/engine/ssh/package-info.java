/**
 * SSH key material without storage: generation (Ed25519 default, ECDSA P-256/384/521, RSA ≥ 3072),
 * parsing (openssh-key-v1 incl. bcrypt/AES passphrase protection, PEM PKCS#1/SEC1/PKCS#8, the agent
 * ADD_IDENTITY encoding incl. OpenSSH certificates), encoding (unencrypted openssh-key-v1 for
 * sealed vault storage, public key blobs, authorized_keys lines, SHA256 fingerprints), signing and
 * verifying.
 *
 * <p>Critical path: {@link dev.persona.engine.ssh.SshPrivateKey#sign} on a key decoded once at
 * unlock. Ed25519 and ECDSA use BouncyCastle's low-level classes (Ed25519 is given the public key
 * so it is not re-derived per signature; ECDSA uses RFC 6979 nonces, so no shared SecureRandom);
 * RSA uses the JDK. Signing is thread-safe and allocates only the signature blob (plus BC's
 * internals for ECDSA).
 *
 * <p>Private values held as arrays are zeroed by {@code destroy()}; ECDSA and RSA private exponents
 * are {@link java.math.BigInteger}s, which Java cannot zero — they are dropped for the GC.
 */
package dev.persona.engine.ssh;
