/**
 * SSH key material without storage: generation (Ed25519 default, ECDSA P-256/384/521, RSA ≥ 3072),
 * parsing (openssh-key-v1 incl. bcrypt/AES passphrase protection, PEM PKCS#1/SEC1/PKCS#8, the agent
 * ADD_IDENTITY encoding incl. OpenSSH certificates), encoding (unencrypted openssh-key-v1 for
 * sealed vault storage, public key blobs, authorized_keys lines, SHA256 fingerprints), signing and
 * verifying.
 *
 * <p>Critical path: {@link dev.persona.engine.ssh.SshPrivateKey#sign} on a key decoded once at
 * unlock. All three use BouncyCastle's low-level classes (Ed25519 is given the public key so it is
 * not re-derived per signature; ECDSA uses RFC 6979 nonces, so no shared SecureRandom; RSA is BC's
 * blinded engine, built per signature). Signing is thread-safe; for Ed25519 it allocates only the
 * signature blob and BouncyCastle's own temporaries.
 *
 * <p>Private material lives only in off-heap, mlocked {@link dev.persona.engine.crypto.LockedBytes}
 * from the shared {@link dev.persona.engine.crypto.SecretPool}, zeroed by {@code destroy()}; each
 * signature copies it into scratch zeroed when the signature is made. What remains on the heap for
 * a moment (BouncyCastle's derived values, the {@link java.math.BigInteger}s ECDSA and RSA need) is
 * listed in the engine README.
 */
package dev.persona.engine.ssh;
