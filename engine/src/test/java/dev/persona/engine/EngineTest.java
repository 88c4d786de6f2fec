package dev.persona.engine;

import static dev.persona.engine.EngineFixture.PASSWORD;
import static dev.persona.engine.EngineFixture.login;
import static dev.persona.engine.EngineFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.AccessPolicy.Approval;
import dev.persona.engine.crypto.Aead;
import dev.persona.engine.crypto.Kdf;
import dev.persona.engine.crypto.LockedKey;
import dev.persona.engine.crypto.RecordDescriptor;
import dev.persona.engine.store.Db;
import dev.persona.engine.store.KeyLayout;
import dev.persona.engine.vault.ItemIds;
import dev.persona.engine.vault.WorkspaceHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  @TempDir Path home;
  CachedEpochClock clock;
  Engine engine;

  @BeforeEach
  void open() {
    clock = EngineFixture.clock();
    engine = EngineFixture.initialized(home, clock);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private Engine reopen() {
    engine.close();
    engine = Engine.open(EngineFixture.context(home, clock));
    return engine;
  }

  @Test
  void shouldCreateWorkspaceUnlockedWithFirstVault() {
    assertTrue(engine.isInitialized());
    assertFalse(engine.isLocked());
    assertEquals(List.of("Personal"), engine.listVaults().stream().map(VaultInfo::name).toList());
  }

  @Test
  void shouldRefuseSecondInit() {
    final PersonaException e =
        assertThrows(PersonaException.class, () -> engine.init(PASSWORD.clone(), "Other"));
    assertEquals(PersonaException.Category.ALREADY_INITIALIZED, e.category());
  }

  @Test
  void shouldReopenLockedAndUnlockWithPassword() {
    final ItemView created =
        engine.createItem(
            "Personal", login("GitHub", "ann", "s3cret!", "https://github.com/login"));
    reopen();
    assertTrue(engine.isLocked());
    assertEquals(
        PersonaException.Category.LOCKED,
        assertThrows(PersonaException.class, () -> engine.getItem("Personal", "GitHub"))
            .category());
    engine.unlock(PASSWORD.clone());
    final ItemView got = engine.getItem("Personal", "github");
    assertEquals(created.id(), got.id());
    assertArrayEquals(utf8("s3cret!"), got.field("password").value());
  }

  @Test
  void shouldRejectWrongPasswordWithGrowingPersistedDelay() {
    engine.lock();
    for (int i = 1; i <= 3; i++) {
      final WrongPasswordException e =
          assertThrows(WrongPasswordException.class, () -> engine.unlock("nope".toCharArray()));
      assertEquals(i, e.failedAttempts());
    }
    final WrongPasswordException waiting =
        assertThrows(WrongPasswordException.class, () -> engine.unlock(PASSWORD.clone()));
    assertTrue(waiting.retryAfterMs() > 0, waiting.getMessage());
    reopen();
    assertThrows(WrongPasswordException.class, () -> engine.unlock(PASSWORD.clone()));
    clock.advance(Engine.delayAfterFailuresMs(3));
    assertThrows(WrongPasswordException.class, () -> engine.unlock("nope".toCharArray()));
    final WrongPasswordException longer =
        assertThrows(WrongPasswordException.class, () -> engine.unlock(PASSWORD.clone()));
    assertTrue(longer.retryAfterMs() > Engine.delayAfterFailuresMs(3), longer.getMessage());
    clock.advance(Engine.delayAfterFailuresMs(4));
    engine.unlock(PASSWORD.clone());
    assertFalse(engine.isLocked());
  }

  @Test
  void shouldNotMentionPasswordInWrongPasswordMessage() {
    engine.lock();
    final WrongPasswordException e =
        assertThrows(
            WrongPasswordException.class, () -> engine.unlock("hunter2-typo".toCharArray()));
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void shouldChangePasswordAndRejectOldOne() {
    engine.changePassword(PASSWORD.clone(), "new password".toCharArray());
    reopen();
    assertThrows(WrongPasswordException.class, () -> engine.unlock(PASSWORD.clone()));
    engine.unlock("new password".toCharArray());
    assertFalse(engine.isLocked());
  }

  @Test
  void shouldZeroKeysOnLockAndAnswerLockedFromHotPath() {
    engine.createItem("Personal", login("GitHub", "ann", "pw", "https://github.com"));
    engine.lock();
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    assertEquals(Engine.LOCKED, engine.readField("Personal", "GitHub", "password", dst, 0));
  }

  @Test
  void shouldAutoLockAfterIdleDeadline() {
    engine.close();
    engine = Engine.open(EngineFixture.context(home, clock).autoLockAfterMs(1000));
    engine.unlock(PASSWORD.clone());
    engine.createItem("Personal", login("GitHub", "ann", "pw", "https://github.com"));
    assertEquals(clock.time() + 1000, engine.lockAtMs());
    clock.advance(999);
    assertFalse(engine.isLocked());
    clock.advance(1000);
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    assertEquals(Engine.LOCKED, engine.readField("Personal", "GitHub", "password", dst, 0));
    assertTrue(engine.isLocked());
    assertEquals(0, engine.lockAtMs());
  }

  @Test
  void shouldReadFieldByItemNameIntoBuffer() {
    engine.createItem("Personal", login("GitHub", "ann", "p@ss", "https://github.com"));
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    final int n = engine.readField("personal", "  GITHUB ", "password", dst, 3);
    assertEquals(4, n);
    assertEquals("p@ss", dst.getStringWithoutLengthUtf8(3, n));
    assertEquals(Engine.NOT_FOUND, engine.readField("Personal", "Gitlab", "password", dst, 0));
    assertEquals(Engine.NO_SUCH_FIELD, engine.readField("Personal", "GitHub", "otp", dst, 0));
    assertEquals(Engine.NO_SUCH_VAULT, engine.readField("Work", "GitHub", "password", dst, 0));
    assertEquals(Engine.DST_TOO_SMALL, engine.readField("Personal", "GitHub", "password", dst, 62));
  }

  @Test
  void shouldUpdateWithRevisionCheckAndKeepHistory() {
    final ItemView v1 =
        engine.createItem("Personal", login("GitHub", "ann", "one", "https://github.com"));
    assertEquals(1, v1.revision());
    final ItemView v2 =
        engine.updateItem(
            "Personal", v1.id(), 1, login("GitHub", "ann", "two", "https://github.com"));
    assertEquals(2, v2.revision());
    final ConflictException stale =
        assertThrows(
            ConflictException.class,
            () ->
                engine.updateItem(
                    "Personal", v1.id(), 1, login("GitHub", "ann", "x", "https://github.com")));
    assertEquals(2, stale.currentRevision());
    final List<ItemView> history = engine.history("Personal", v1.id());
    assertEquals(List.of(1L, 2L), history.stream().map(ItemView::revision).toList());
    assertArrayEquals(utf8("one"), history.get(0).field("password").value());
    final ItemView v3 = engine.restoreRevision("Personal", v1.id(), 1);
    assertEquals(3, v3.revision());
    assertArrayEquals(utf8("one"), engine.getItem("Personal", v1.id()).field("password").value());
  }

  @Test
  void shouldTrashRestoreAndPurge() {
    final ItemView item =
        engine.createItem("Personal", login("GitHub", "ann", "pw", "https://github.com"));
    engine.trashItem("Personal", item.id());
    assertTrue(engine.listItems("Personal", false).isEmpty());
    assertEquals(1, engine.listItems("Personal", true).size());
    assertTrue(engine.search("Personal", IndexKind.NAME, "GitHub").isEmpty());
    assertNull(engine.getItem("Personal", "GitHub"));
    assertTrue(engine.getItem("Personal", item.id()).trashed());
    engine.restoreItem("Personal", item.id());
    assertEquals(1, engine.search("Personal", IndexKind.NAME, "github").size());
    engine.purgeItem("Personal", item.id());
    assertNull(engine.getItem("Personal", item.id()));
    assertTrue(engine.listItems("Personal", true).isEmpty());
    assertEquals(
        PersonaException.Category.NOT_FOUND,
        assertThrows(PersonaException.class, () -> engine.history("Personal", item.id()))
            .category());
  }

  @Test
  void shouldSearchByTagUrlHostAndFingerprint() {
    engine.createItem(
        "Personal", login("GitHub", "ann", "pw", "https://User@GitHub.com:443/login?x=1"));
    engine.createItem(
        "Personal",
        ItemDraft.builder("deploy key", ItemType.SSH_KEY)
            .text("fingerprint", "SHA256:AbCdEf")
            .field("private_key", utf8("-----BEGIN OPENSSH PRIVATE KEY-----"), true)
            .tag("Servers")
            .build());
    assertEquals(1, engine.search("Personal", IndexKind.URL_HOST, "github.com").size());
    assertEquals(1, engine.search("Personal", IndexKind.URL_HOST, "http://github.com./").size());
    assertEquals(1, engine.search("Personal", IndexKind.TAG, "WORK").size());
    assertEquals(1, engine.search("Personal", IndexKind.TAG, "servers").size());
    assertEquals(1, engine.search("Personal", IndexKind.SSH_FINGERPRINT, "SHA256:AbCdEf").size());
    assertEquals(0, engine.search("Personal", IndexKind.SSH_FINGERPRINT, "sha256:abcdef").size());
    assertEquals(1, engine.allItemsOfType(ItemType.SSH_KEY).size());
  }

  @Test
  void shouldResolveVaultIdByNameAndKeepItAcrossRename() {
    final VaultInfo work = engine.createVault("Work");
    assertEquals(work.id(), engine.vaultIdOf("work"));
    engine.renameVault("Work", "Job");
    assertEquals(work.id(), engine.vaultIdOf("Job"));
    assertNull(engine.vaultIdOf("Work"));
    assertNull(engine.vaultIdOf(null));
    engine.lock();
    assertNull(engine.vaultIdOf("Job"), "a locked workspace names no vault");
  }

  @Test
  void shouldKeepVaultsApartAndRenameAndDeleteThem() {
    engine.createVault("Work");
    engine.createItem("Work", login("Jira", "ann", "w", "https://jira.example"));
    engine.createItem("Personal", login("GitHub", "ann", "p", "https://github.com"));
    assertNull(engine.getItem("Personal", "Jira"));
    assertNotNull(engine.getItem("work", "Jira"));
    assertThrows(PersonaException.class, () -> engine.createVault("WORK"));
    engine.renameVault("Work", "Office");
    reopen();
    engine.unlock(PASSWORD.clone());
    assertNotNull(engine.getItem("Office", "Jira"));
    engine.deleteVault("Office");
    assertEquals(List.of("Personal"), engine.listVaults().stream().map(VaultInfo::name).toList());
    assertEquals(1, engine.allItemsOfType(ItemType.LOGIN).size());
  }

  @Test
  void shouldWalkAVaultInPagesEvenWhenTheLastItemOfAPageIsGoneBeforeTheNext() {
    final List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(engine.createItem("Personal", login("item-" + i, "ann", "pw", "https://x")).id());
    }
    final List<ItemSummary> first = engine.listItems("Personal", false, null, 2);
    // The item the first page ended with is trashed before the next page is asked for.
    engine.trashItem("Personal", first.get(1).id());
    final List<ItemSummary> second = engine.listItems("Personal", false, first.get(1).id(), 2);
    final List<ItemSummary> third = engine.listItems("Personal", false, second.get(1).id(), 2);
    assertEquals(List.of(2, 2, 1), List.of(first.size(), second.size(), third.size()));
    final List<String> walked = new ArrayList<>();
    for (final List<ItemSummary> page : List.of(first, second, third)) {
      page.forEach(item -> walked.add(item.id()));
    }
    assertEquals(5, new HashSet<>(walked).size(), walked.toString());
    assertTrue(walked.containsAll(created));
    assertEquals(List.of(), engine.listItems("Personal", false, third.get(0).id(), 2));
    assertEquals(4, engine.itemCount("Personal", false));
    assertEquals(1, engine.itemCount("Personal", true));
  }

  @Test
  void shouldCountEachVaultsLiveItemsButNotItsTrash() {
    engine.createVault("Office");
    engine.createItem("Personal", login("GitHub", "ann", "pw", "https://github.com"));
    final ItemView mail =
        engine.createItem("Personal", login("Mail", "ann", "pw", "https://mail.example"));
    engine.createItem("Office", login("Jira", "ann", "pw", "https://jira.example"));
    engine.trashItem("Personal", mail.id());
    assertEquals(List.of(1L, 1L), engine.listVaults().stream().map(VaultInfo::itemCount).toList());
    engine.restoreItem("Personal", mail.id());
    assertEquals(2L, engine.listVaults().get(0).itemCount());
    assertEquals(1L, engine.setVaultPolicy("Office", AccessPolicy.ALLOW_ANY).itemCount());
  }

  @Test
  void shouldAppendOutboxOpForEveryChange() {
    final long before = engine.pendingChanges(0, 1000).size();
    final ItemView item =
        engine.createItem("Personal", login("GitHub", "ann", "pw", "https://github.com"));
    engine.updateItem(
        "Personal",
        item.id(),
        1,
        ItemDraft.builder("GitHub", ItemType.LOGIN)
            .text("username", "ann")
            .field("password", utf8("changed"), true)
            .build());
    final List<ChangeOp> ops = engine.pendingChanges(0, 1000);
    assertEquals(before + 2, ops.size());
    final ChangeOp update = ops.get(ops.size() - 1);
    assertEquals(ChangeOp.Type.UPDATE, update.type());
    assertEquals(item.id(), update.itemId());
    assertEquals(List.of("password"), update.fields());
    assertTrue(update.hlc() > ops.get(ops.size() - 2).hlc());
    assertEquals(ops.size(), engine.acknowledgeChanges(update.seq()));
    assertTrue(engine.pendingChanges(0, 10).isEmpty());
  }

  @Test
  void shouldNotWriteOutboxWhenChangeFails() {
    final ItemView item =
        engine.createItem("Personal", login("GitHub", "ann", "pw", "https://github.com"));
    final int before = engine.pendingChanges(0, 1000).size();
    assertThrows(
        ConflictException.class,
        () -> engine.updateItem("Personal", item.id(), 7, login("GitHub", "x", "y", "https://z")));
    assertEquals(before, engine.pendingChanges(0, 1000).size());
  }

  @Test
  void shouldAppendAndVerifyAuditChainLockedAndUnlocked() {
    for (int i = 0; i < 5; i++) {
      engine.appendAudit(
          new AuditEvent(clock.time(), 1000, 42, "/usr/bin/ssh", "sign", "key" + i, "ok"));
    }
    engine.lock();
    engine.appendAudit(
        new AuditEvent(clock.time(), 1000, 43, "/usr/bin/git", "unlock", "", "denied"));
    final AuditVerification locked = engine.verifyAudit();
    assertTrue(locked.intact(), locked.problem());
    assertEquals(6, locked.entries());
    assertEquals(-1, locked.anchoredSeq());
    engine.unlock(PASSWORD.clone());
    final AuditVerification unlocked = engine.verifyAudit();
    assertTrue(unlocked.intact(), unlocked.problem());
    assertEquals(5, unlocked.anchoredSeq());
    final List<AuditRecord> tail = engine.auditTail(2);
    assertEquals(List.of("key4", ""), tail.stream().map(r -> r.event().target()).toList());
    assertEquals("/usr/bin/git", tail.get(1).event().callerExe());
    assertEquals(List.of(5L, 6L), tail.stream().map(AuditRecord::sequence).toList());
  }

  @Test
  void shouldDetectTamperedAuditEntry() {
    for (int i = 0; i < 3; i++) {
      engine.appendAudit(new AuditEvent(clock.time(), 1, 2, "exe", "op", "t" + i, "ok"));
    }
    engine
        .store()
        .write(
            t -> {
              final byte[] k = dev.persona.engine.store.KeyLayout.seqKey(2);
              final byte[] v = t.get(dev.persona.engine.store.Db.AUDIT, k);
              v[v.length - 1] ^= 1;
              t.put(dev.persona.engine.store.Db.AUDIT, k, v);
              return null;
            });
    final AuditVerification v = engine.verifyAudit();
    assertFalse(v.intact());
    assertEquals(2, v.firstBadSeq());
  }

  @Test
  void shouldDetectDeletedAuditEntry() {
    for (int i = 0; i < 3; i++) {
      engine.appendAudit(new AuditEvent(clock.time(), 1, 2, "exe", "op", "t" + i, "ok"));
    }
    engine
        .store()
        .write(
            t ->
                t.delete(
                    dev.persona.engine.store.Db.AUDIT,
                    dev.persona.engine.store.KeyLayout.seqKey(3)));
    engine.lock();
    assertFalse(engine.verifyAudit().intact());
  }

  @Test
  void shouldBackupAndRestoreVerifiedCopy(@TempDir final Path elsewhere) {
    final ItemView item =
        engine.createItem("Personal", login("GitHub", "ann", "pw", "https://github.com"));
    engine.appendAudit(new AuditEvent(clock.time(), 1, 2, "exe", "op", "t", "ok"));
    final Path backup = elsewhere.resolve("backup");
    engine.backup(backup);
    assertThrows(PersonaException.class, () -> engine.backup(backup));
    final Path restoredHome = elsewhere.resolve("restored");
    Engine.restore(backup, restoredHome);
    assertEquals(
        PersonaException.Category.ALREADY_INITIALIZED,
        assertThrows(PersonaException.class, () -> Engine.restore(backup, restoredHome))
            .category());
    try (Engine restored = Engine.open(EngineFixture.context(restoredHome, clock))) {
      restored.unlock(PASSWORD.clone());
      assertArrayEquals(
          utf8("pw"), restored.getItem("Personal", item.id()).field("password").value());
      assertTrue(restored.verifyAudit().intact());
    }
  }

  @Test
  void shouldStoreAndListTypedFieldsInOrder() {
    final ItemDraft draft =
        ItemDraft.builder("Stripe", ItemType.API_CREDENTIAL)
            .text("key_id", "sk_live")
            .field("secret", "très secret".getBytes(StandardCharsets.UTF_8), true)
            .text("custom: region", "eu")
            .build();
    final ItemView v = engine.createItem("Personal", draft);
    final ItemView got = engine.getItem("Personal", v.id());
    assertEquals(
        List.of("key_id", "secret", "custom: region"),
        got.fields().stream().map(Field::name).toList());
    assertTrue(got.field("secret").concealed());
    assertEquals(ItemType.API_CREDENTIAL, got.type());
    assertEquals(1, engine.listItems("Personal", false).size());
  }

  @Test
  void shouldSetAndRemoveSingleFieldKeepingTheOthers() {
    final ItemView v1 =
        engine.createItem("Personal", login("GitHub", "ann", "pw", "https://github.com"));
    final ItemView v2 =
        engine.setField("Personal", v1.id(), 1, "totp", utf8("JBSWY3DPEHPK3PXP"), true);
    assertEquals(
        List.of("username", "password", "totp"), v2.fields().stream().map(Field::name).toList());
    final ItemView v3 = engine.setField("Personal", v1.id(), 2, "password", utf8("new"), true);
    assertArrayEquals(utf8("new"), v3.field("password").value());
    assertEquals(List.of("password"), engine.pendingChanges(0, 100).getLast().fields());
    final ItemView v4 = engine.removeField("Personal", v1.id(), 3, "totp");
    assertNull(v4.field("totp"));
    assertEquals(List.of("https://github.com"), v4.urls());
    assertThrows(
        ConflictException.class,
        () -> engine.setField("Personal", v1.id(), 3, "x", utf8("y"), false));
    assertEquals(
        PersonaException.Category.NOT_FOUND,
        assertThrows(
                PersonaException.class, () -> engine.removeField("Personal", v1.id(), 4, "totp"))
            .category());
  }

  @Test
  void shouldRefuseWorkAfterLockWithLockedCategory() {
    final ItemView item =
        engine.createItem("Personal", login("GitHub", "ann", "pw", "https://github.com"));
    engine.lock();
    assertEquals(
        PersonaException.Category.LOCKED,
        assertThrows(PersonaException.class, () -> engine.trashItem("Personal", item.id()))
            .category());
    assertEquals(
        PersonaException.Category.LOCKED,
        assertThrows(PersonaException.class, () -> engine.pendingChanges(0, 1)).category());
  }

  @Test
  void shouldApplyWrongPasswordDelayToChangePasswordToo() {
    for (int i = 0; i < 3; i++) {
      assertThrows(
          WrongPasswordException.class,
          () -> engine.changePassword("guess".toCharArray(), "x".toCharArray()));
    }
    final WrongPasswordException e =
        assertThrows(
            WrongPasswordException.class,
            () -> engine.changePassword(PASSWORD.clone(), "x".toCharArray()));
    assertTrue(e.retryAfterMs() > 0);
    clock.advance(Engine.delayAfterFailuresMs(3));
    engine.changePassword(PASSWORD.clone(), "x".toCharArray());
  }

  @Test
  void shouldRemoveChunksOfAttachmentThatNeverCommittedOnReopen() {
    final ItemView item = engine.createItem("Personal", login("a", "u", "p", "https://a"));
    final java.io.InputStream failing =
        new java.io.InputStream() {
          private int left = Engine.CHUNK_SIZE + 10;

          @Override
          public int read() throws java.io.IOException {
            if (left-- <= 0) {
              throw new java.io.IOException("disk unplugged");
            }
            return 7;
          }
        };
    assertThrows(
        PersonaException.class, () -> engine.putAttachment("Personal", item.id(), "f", failing));
    assertEquals(1L, (long) engine.store().read(t -> t.entries(dev.persona.engine.store.Db.BLOBS)));
    reopen();
    assertEquals(0L, (long) engine.store().read(t -> t.entries(dev.persona.engine.store.Db.BLOBS)));
  }

  @Test
  void shouldKeepEveryLongLivedKeyOffHeapAndFreeThemAllOnLock() {
    engine.createVault("Work");
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    engine.createItem("Work", login("w", "u", "pw", "https://w"));
    assertEquals(2, engine.readField("Work", "w", "password", dst, 0));
    final List<LockedKey> keys = engine.keyMaterialForTest();
    assertEquals(4 + 2 * 4, keys.size());
    final java.util.Set<String> distinct = new java.util.HashSet<>();
    for (final LockedKey k : keys) {
      assertFalse(k.isReleased());
      final byte[] copy = new byte[LockedKey.LENGTH];
      k.copyTo(copy, 0);
      assertFalse(
          java.util.Arrays.equals(copy, new byte[copy.length]),
          "a live key should not be all zero");
      distinct.add(java.util.HexFormat.of().formatHex(copy));
    }
    assertEquals(keys.size(), distinct.size(), "every key is its own");
    engine.lock();
    for (final LockedKey k : keys) {
      assertTrue(k.isReleased(), "lock() must zero and free every key");
    }
    assertTrue(engine.keyMaterialForTest().isEmpty());
    engine.unlock(PASSWORD.clone());
    assertEquals(2, engine.readField("Work", "w", "password", dst, 0), "a new unlock, new keys");
  }

  @Test
  void shouldKeepRenamedVaultUsableAfterTheOldNameIsGone() {
    engine.createVault("Work");
    engine.createItem("Work", login("w", "u", "pw", "https://w"));
    engine.renameVault("Work", "Job");
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    assertEquals(2, engine.readField("Job", "w", "password", dst, 0));
    engine.lock();
    engine.unlock(PASSWORD.clone());
    assertEquals(2, engine.readField("Job", "w", "password", dst, 0));
  }

  private static ItemDraft withPolicy(final String name, final String policy) {
    return ItemDraft.builder(name, ItemType.LOGIN)
        .text("username", "svc")
        .field("password", utf8("pw-" + name), true)
        .text(Engine.APPROVAL_POLICY_FIELD, policy)
        .build();
  }

  @Test
  void shouldAskBeforeRevealingAConcealedFieldOfAnAskItemButNotItsPlainFields() {
    engine.createItem("Personal", withPolicy("db", "ask"));
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    assertEquals(Engine.NEEDS_APPROVAL, engine.readField("Personal", "db", "password", dst, 0));
    assertEquals(3, engine.readField("Personal", "db", "username", dst, 0));
    assertEquals(5, engine.readField("Personal", "db", "password", dst, 0, true));
    assertEquals("pw-db", dst.getStringWithoutLengthUtf8(0, 5));
  }

  @Test
  void shouldRefuseConcealedFieldsOfADenyItemEvenWhenApproved() {
    engine.createItem("Personal", withPolicy("vault-root", " Deny "));
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    assertEquals(
        Engine.POLICY_DENIED, engine.readField("Personal", "vault-root", "password", dst, 0, true));
  }

  @Test
  void shouldTreatAllowEmptyAndMissingPoliciesAsAllowAndAnythingUnknownAsAsk() {
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    engine.createItem("Personal", withPolicy("a", "ALLOW"));
    engine.createItem("Personal", withPolicy("b", ""));
    engine.createItem("Personal", login("c", "u", "pw-c", "https://c"));
    engine.createItem("Personal", withPolicy("d", "Confirm"));
    engine.createItem("Personal", withPolicy("e", "maybe"));
    assertEquals(4, engine.readField("Personal", "a", "password", dst, 0));
    assertEquals(4, engine.readField("Personal", "b", "password", dst, 0));
    assertEquals(4, engine.readField("Personal", "c", "password", dst, 0));
    assertEquals(Engine.NEEDS_APPROVAL, engine.readField("Personal", "d", "password", dst, 0));
    assertEquals(Engine.NEEDS_APPROVAL, engine.readField("Personal", "e", "password", dst, 0));
  }

  @Test
  void shouldRevealConcealedFieldsOnlyToTheExecutablesAnItemLists() {
    engine.createItem(
        "Personal",
        ItemDraft.builder("deploy-token", ItemType.LOGIN)
            .text("username", "ci")
            .field("password", utf8("pw-deploy"), true)
            .text(Engine.EXECUTABLES_POLICY_FIELD, " /usr/bin/git , /usr/bin/ssh")
            .build());
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    assertEquals(
        9, engine.readField("Personal", "deploy-token", "password", dst, 0, false, "/usr/bin/ssh"));
    assertEquals(
        Engine.POLICY_DENIED,
        engine.readField("Personal", "deploy-token", "password", dst, 0, false, "/usr/bin/curl"));
    assertEquals(
        Engine.POLICY_DENIED,
        engine.readField("Personal", "deploy-token", "password", dst, 0, false, "?"));
    assertEquals(
        2,
        engine.readField("Personal", "deploy-token", "username", dst, 0, false, "/usr/bin/curl"),
        "plain fields are not narrowed");
    engine.createItem("Personal", login("open", "u", "pw-open", "https://open"));
    assertEquals(
        7, engine.readField("Personal", "open", "password", dst, 0, false, "/usr/bin/curl"));
  }

  @Test
  void shouldReadAnEmptyExecutablesListAsAnyCaller() {
    assertTrue(Engine.executablesAllow(" , ", "/usr/bin/curl"));
    assertTrue(Engine.executablesAllow("/usr/bin/git", "/usr/bin/git"));
    assertFalse(Engine.executablesAllow("/usr/bin/git", "/usr/bin/git2"));
  }

  @Test
  void shouldNumberAuditEventsByTheirChainSequenceAndPageForwardFromAnySequence() {
    for (int i = 1; i <= 10; i++) {
      engine.appendAudit(new AuditEvent(clock.time(), 1, 2, "exe", "op", "t" + i, "ok"));
    }
    final long head = engine.auditHead();
    assertEquals(10, head);
    final List<AuditRecord> newest = engine.auditTail(3);
    assertEquals(List.of(8L, 9L, 10L), newest.stream().map(AuditRecord::sequence).toList());
    assertEquals("t8", newest.get(0).event().target());
    final List<AuditRecord> page = engine.auditAfter(2, 4);
    assertEquals(List.of(3L, 4L, 5L, 6L), page.stream().map(AuditRecord::sequence).toList());
    assertEquals("t3", page.get(0).event().target());
    assertEquals(List.of(), engine.auditAfter(head, 100));
    engine.appendAudit(new AuditEvent(clock.time(), 1, 2, "exe", "op", "t11", "ok"));
    final List<AuditRecord> next = engine.auditAfter(head, 100);
    assertEquals(1, next.size());
    assertEquals(11, next.get(0).sequence());
    assertEquals("t11", next.get(0).event().target());
  }

  @Test
  void shouldGiveEachRecordTheChainHashVerifyWalks() {
    for (int i = 1; i <= 5; i++) {
      engine.appendAudit(new AuditEvent(clock.time(), 1, 2, "exe", "op", "t" + i, "ok"));
    }
    final List<AuditRecord> all = engine.auditAfter(0, 100);
    // Resumed from the cursor or walked from the start, the same place has the same hash.
    final List<AuditRecord> later = engine.auditAfter(3, 100);
    assertArrayEquals(all.get(3).chainHash(), later.get(0).chainHash());
    assertArrayEquals(all.get(4).chainHash(), later.get(1).chainHash());
    engine.lock();
    engine.unlock(PASSWORD.clone());
    assertArrayEquals(all.get(4).chainHash(), engine.auditTail(1).get(0).chainHash());
  }

  @Test
  void shouldNotFindATrashedItemByNameTagUrlOrFieldLookupButStillById() {
    final ItemView x = engine.createItem("Personal", login("x", "u", "pw1", "https://x.example"));
    engine.trashItem("Personal", x.id());
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    assertNull(engine.getItem("Personal", "x"));
    assertNull(engine.getItem("Personal", "X"));
    assertEquals(Engine.NOT_FOUND, engine.readField("Personal", "x", "password", dst, 0));
    assertTrue(engine.search("Personal", IndexKind.NAME, "x").isEmpty());
    assertTrue(engine.search("Personal", IndexKind.TAG, "work").isEmpty());
    assertTrue(engine.search("Personal", IndexKind.URL_HOST, "x.example").isEmpty());
    assertTrue(engine.listItems("Personal", false).isEmpty());
    assertTrue(engine.getItem("Personal", x.id()).trashed(), "by id it is still there to restore");
    // A new item may take the name; lookups find only it, also after the old one is restored.
    engine.createItem("Personal", login("x", "u", "pw2", "https://x.example"));
    assertEquals(3, engine.readField("Personal", "x", "password", dst, 0));
    assertEquals("pw2", dst.getStringWithoutLengthUtf8(0, 3));
  }

  @Test
  void shouldApplyTheStricterOfVaultAndItemApprovalToConcealedFieldsOnly() {
    engine.createVault("Work");
    engine.createItem("Work", login("open", "u", "pw-open", "https://open"));
    engine.createItem("Work", withPolicy("denied-item", "deny"));
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    engine.setVaultPolicy("Work", new AccessPolicy(Approval.ASK, List.of()));
    assertEquals(Engine.NEEDS_APPROVAL, engine.readField("Work", "open", "password", dst, 0));
    assertEquals(7, engine.readField("Work", "open", "password", dst, 0, true));
    assertEquals(1, engine.readField("Work", "open", "username", dst, 0), "plain stays readable");
    assertEquals(
        Engine.POLICY_DENIED,
        engine.readField("Work", "denied-item", "password", dst, 0, true),
        "an ask vault does not soften a deny item");
    engine.setVaultPolicy("Work", new AccessPolicy(Approval.DENY, List.of()));
    assertEquals(Engine.POLICY_DENIED, engine.readField("Work", "open", "password", dst, 0, true));
    engine.createItem("Personal", login("open", "u", "pw-open", "https://open"));
    assertEquals(
        7, engine.readField("Personal", "open", "password", dst, 0), "other vaults unaffected");
  }

  @Test
  void shouldRefuseCallersTheVaultExecutablesListDoesNotNameBeforeAskingAnyone() {
    engine.createVault("Ci");
    engine.createItem("Ci", login("deploy", "ci", "pw-deploy", "https://ci"));
    engine.createItem("Ci", withPolicy("asks", "ask"));
    engine.setVaultPolicy("Ci", new AccessPolicy(Approval.ALLOW, List.of("/usr/bin/git")));
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    assertEquals(9, engine.readField("Ci", "deploy", "password", dst, 0, false, "/usr/bin/git"));
    assertEquals(
        Engine.POLICY_DENIED,
        engine.readField("Ci", "deploy", "password", dst, 0, false, "/usr/bin/curl"));
    assertEquals(
        Engine.POLICY_DENIED,
        engine.readField("Ci", "asks", "password", dst, 0, false, "/usr/bin/curl"),
        "refused at once, not parked for an approval that could not help");
    assertEquals(
        Engine.NEEDS_APPROVAL,
        engine.readField("Ci", "asks", "password", dst, 0, false, "/usr/bin/git"));
    assertEquals(2, engine.readField("Ci", "deploy", "username", dst, 0, false, "/usr/bin/curl"));
  }

  @Test
  void shouldKeepAVaultPolicyAcrossRenameLockAndReopenAndLogItInTheOutbox() {
    clock.advance(1); // vaults are listed by creation time
    engine.createVault("Work");
    final long before = engine.pendingChanges(0, 1000).size();
    final AccessPolicy policy =
        new AccessPolicy(Approval.ASK, List.of("/usr/bin/git", "/usr/bin/ssh"));
    final VaultInfo set = engine.setVaultPolicy("work", policy);
    assertEquals(policy, set.policy());
    final List<ChangeOp> ops = engine.pendingChanges(0, 1000);
    assertEquals(before + 1, ops.size());
    assertEquals(ChangeOp.Type.VAULT_POLICY, ops.get(ops.size() - 1).type());
    assertEquals(set.id(), ops.get(ops.size() - 1).vaultId());
    engine.renameVault("Work", "Job");
    assertEquals(policy, engine.vaultPolicy("JOB"));
    reopen();
    assertNull(engine.vaultPolicy("Job"), "nothing is known while locked");
    engine.unlock(PASSWORD.clone());
    assertEquals(policy, engine.vaultPolicy("Job"));
    assertEquals(AccessPolicy.ALLOW_ANY, engine.vaultPolicy("Personal"));
    assertEquals(
        List.of(AccessPolicy.ALLOW_ANY, policy),
        engine.listVaults().stream().map(VaultInfo::policy).toList());
    engine.setVaultPolicy("Job", AccessPolicy.ALLOW_ANY);
    reopen();
    engine.unlock(PASSWORD.clone());
    assertEquals(AccessPolicy.ALLOW_ANY, engine.vaultPolicy("Job"));
  }

  @Test
  void shouldOpenAVaultRecordWrittenBeforeVaultPoliciesAsAllowAny() {
    final VaultInfo work = engine.createVault("Work");
    engine.createItem("Work", login("w", "u", "pw", "https://w"));
    engine.setVaultPolicy("Work", new AccessPolicy(Approval.DENY, List.of("/usr/bin/git")));
    final byte[] vaultId = ItemIds.parse(work.id());
    final byte[] recordKey = new byte[17];
    recordKey[0] = KeyLayout.VAULT_PREFIX;
    System.arraycopy(vaultId, 0, recordKey, 1, 16);
    engine.lock();
    // Re-seal the record the way the engine did before vault policies: created | key id | vault
    // key | name, nothing after the name. Only the password is needed to do it from outside.
    final byte[] wsKey = workspaceKey();
    final byte[] current = engine.store().read(t -> t.get(Db.META, recordKey));
    final long revision = KeyLayout.getLong(current, 0);
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    final int aadLength =
        RecordDescriptor.writeAad(
            aad, vaultId, RecordDescriptor.TYPE_VAULT, vaultId, 0, 16, 0, revision);
    final byte[] plain = Aead.open(wsKey, aad, aadLength, current, 8, current.length - 8, true);
    final byte[] name = utf8("Work");
    final byte[] old = Arrays.copyOf(plain, 48 + name.length);
    System.arraycopy(name, 0, old, 48, name.length);
    final byte[] sealed = Aead.seal(wsKey, aad, aadLength, old, true);
    final byte[] record = new byte[8 + sealed.length];
    KeyLayout.putLong(record, 0, revision);
    System.arraycopy(sealed, 0, record, 8, sealed.length);
    engine
        .store()
        .write(
            t -> {
              t.put(Db.META, recordKey, record);
              return null;
            });

    engine.unlock(PASSWORD.clone());
    assertEquals(AccessPolicy.ALLOW_ANY, engine.vaultPolicy("Work"));
    final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
    assertEquals(2, engine.readField("Work", "w", "password", dst, 0, false, "/usr/bin/curl"));
    assertTrue(engine.listVaults().stream().anyMatch(v -> v.name().equals("Work")));
  }

  /** The workspace key, unwrapped from the header with the password as unlock does it. */
  private byte[] workspaceKey() {
    final WorkspaceHeader h =
        WorkspaceHeader.decode(engine.store().read(t -> t.get(Db.META, utf8("header"))), "test");
    final byte[] unlockKey = Kdf.derive(PASSWORD.clone(), h.salt(), h.kdf());
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    final int aadLength =
        RecordDescriptor.writeAad(
            aad, new byte[16], RecordDescriptor.TYPE_WORKSPACE_KEY, h.workspaceId(), 0, 16, 0, 0);
    return Aead.open(
        unlockKey,
        aad,
        aadLength,
        h.wrappedWorkspaceKey(),
        0,
        h.wrappedWorkspaceKey().length,
        false);
  }
}
