package dev.persona.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.Engine;
import dev.persona.engine.Field;
import dev.persona.engine.ItemDraft;
import dev.persona.engine.ItemType;
import dev.persona.engine.ItemView;
import dev.persona.engine.KdfParams;
import dev.persona.engine.PersonaException;
import dev.persona.engine.ssh.JcaVerifier;
import dev.persona.engine.ssh.SshKeyException;
import dev.persona.engine.ssh.SshKeyGenerator;
import dev.persona.engine.ssh.SshKeyType;
import dev.persona.engine.ssh.SshPrivateKey;
import dev.persona.engine.ssh.SshWireReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultKeyringTest {
  private static final char[] PASSWORD = "keyring test password".toCharArray();
  private static final byte[] DATA = "sign me".getBytes(StandardCharsets.UTF_8);

  @TempDir Path home;
  private Engine engine;
  private final List<SshPrivateKey> decoded = new ArrayList<>();
  private VaultKeyring keyring;

  @BeforeEach
  void openEngine() {
    engine =
        Engine.open(
            new Engine.Context().home(home).kdf(KdfParams.testOnlyTiny()).autoLockAfterMs(0));
    engine.init(PASSWORD.clone(), "Personal");
    keyring = new VaultKeyring(engine, decoded::add);
  }

  @AfterEach
  void closeEngine() {
    keyring.clear();
    engine.close();
  }

  private ItemView storeKey(final String name, final SshKeyType type) {
    try (SshPrivateKey key = SshKeyGenerator.generate(type, name)) {
      final byte[] pem = key.encodeOpenSshPrivateKey();
      try {
        return engine.createItem(
            "Personal",
            ItemDraft.builder(name, ItemType.SSH_KEY)
                .field(SshKeyFields.PRIVATE_KEY, pem, true)
                .text(SshKeyFields.FINGERPRINT, key.fingerprint())
                .build());
      } finally {
        Arrays.fill(pem, (byte) 0);
      }
    }
  }

  private static void assertSignsVerifiably(final VaultKeyring.Entry entry) throws Exception {
    final SshPrivateKey key = entry.key();
    final int flags = SshPrivateKey.FLAG_RSA_SHA2_512;
    final SshWireReader reader = new SshWireReader(key.sign(DATA, 0, DATA.length, flags));
    final String algorithm = reader.readUtf8("alg");
    assertEquals(key.signatureAlgorithm(flags), algorithm);
    assertTrue(
        JcaVerifier.verify(key.publicKeyBlob(), algorithm, reader.readString("sig"), DATA),
        entry.name() + " signs what the JDK verifies");
  }

  @Test
  void shouldZeroEveryDecodedKeyOnLockRefuseToSignAsLockedAndSignAgainAfterUnlock()
      throws Exception {
    storeKey("ed", SshKeyType.ED25519);
    storeKey("ec", SshKeyType.ECDSA_P256);
    storeKey("rsa", SshKeyType.RSA);
    keyring.sync();
    final VaultKeyring.Entry[] unlocked = keyring.keys();
    assertEquals(3, unlocked.length);
    for (final VaultKeyring.Entry entry : unlocked) {
      assertFalse(entry.key().secretReadsAsZero());
      assertSignsVerifiably(entry);
    }

    engine.lock();
    keyring.sync();

    assertEquals(0, keyring.keys().length);
    assertEquals(3, decoded.size());
    for (final SshPrivateKey key : decoded) {
      assertTrue(key.secretReadsAsZero(), key + ": its locked memory reads back as zeros");
    }
    for (final VaultKeyring.Entry entry : unlocked) {
      // A signer captured before the lock (a queued agent request) now fails as LOCKED.
      final SshKeyException refused =
          assertThrows(SshKeyException.class, () -> entry.key().sign(DATA, 0, DATA.length, 0));
      assertEquals(SshKeyException.Kind.DESTROYED, refused.kind());
      assertEquals(PersonaException.Category.LOCKED, refused.category());
      final byte[] blob = entry.key().publicKeyBlob();
      assertNull(keyring.find(blob, 0, blob.length), "nothing left to find");
    }

    engine.unlock(PASSWORD.clone());
    keyring.sync();
    assertEquals(3, keyring.keys().length);
    for (final VaultKeyring.Entry entry : keyring.keys()) {
      assertSignsVerifiably(entry);
    }
  }

  @Test
  void shouldZeroADeletedKeyAndTheSpareCopyAPolicyChangeDecodes() throws Exception {
    final ItemView kept = storeKey("kept", SshKeyType.ED25519);
    final ItemView gone = storeKey("gone", SshKeyType.ECDSA_P256);
    keyring.sync();
    final VaultKeyring.Entry before = find("kept");
    final VaultKeyring.Entry doomed = find("gone");

    // A policy change is a new revision holding the same key: decoded again, spare copy zeroed.
    final List<Field> fields = new ArrayList<>(kept.fields());
    fields.add(new Field(KeyPolicy.APPROVAL_FIELD, "ask".getBytes(StandardCharsets.UTF_8), false));
    engine.updateItem(
        "Personal",
        kept.id(),
        kept.revision(),
        new ItemDraft(kept.name(), ItemType.SSH_KEY, fields, List.of(), List.of()));
    engine.trashItem("Personal", gone.id());
    keyring.refresh();

    assertEquals(3, decoded.size(), "one more decode: the changed item");
    final SshPrivateKey spare = decoded.get(2);
    assertTrue(spare.secretReadsAsZero(), "the spare copy of a key already held is zeroed");
    final VaultKeyring.Entry after = find("kept");
    assertSame(before.key(), after.key(), "signing threads keep the signer they hold");
    assertEquals(KeyPolicy.Approval.ASK, after.policy().approval());
    assertSignsVerifiably(after);
    assertNull(find("gone"));
    assertTrue(doomed.key().secretReadsAsZero(), "a deleted key's memory is zeroed");
    assertThrows(SshKeyException.class, () -> doomed.key().sign(DATA, 0, DATA.length, 0));
  }

  @Test
  void shouldNotDecodeAnUnchangedKeyAgainOnRefresh() {
    storeKey("steady", SshKeyType.ED25519);
    keyring.sync();
    final VaultKeyring.Entry first = find("steady");
    keyring.refresh();
    keyring.refresh();
    assertEquals(1, decoded.size(), "no new copy of the key passed through the heap");
    assertSame(first.key(), find("steady").key());
  }

  private VaultKeyring.Entry find(final String name) {
    for (final VaultKeyring.Entry entry : keyring.keys()) {
      if (entry.name().equals(name)) {
        return entry;
      }
    }
    return null;
  }
}
