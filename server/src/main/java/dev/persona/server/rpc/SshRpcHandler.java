package dev.persona.server.rpc;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.engine.Engine;
import dev.persona.engine.Field;
import dev.persona.engine.IndexKind;
import dev.persona.engine.ItemDraft;
import dev.persona.engine.ItemSummary;
import dev.persona.engine.ItemType;
import dev.persona.engine.ItemView;
import dev.persona.engine.PersonaException;
import dev.persona.engine.ssh.SshKeyGenerator;
import dev.persona.engine.ssh.SshKeyType;
import dev.persona.engine.ssh.SshPrivateKey;
import dev.persona.engine.ssh.SshPrivateKeyParser;
import dev.persona.engine.ssh.SshPublicKeys;
import dev.persona.schema.fb.ApprovalMode;
import dev.persona.schema.fb.Request;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.schema.fb.SshDeleteRequest;
import dev.persona.schema.fb.SshExportPublicRequest;
import dev.persona.schema.fb.SshImportRequest;
import dev.persona.schema.fb.SshKeyInfo;
import dev.persona.schema.fb.SshKeyResponse;
import dev.persona.schema.fb.SshKeygenRequest;
import dev.persona.schema.fb.SshListRequest;
import dev.persona.schema.fb.SshListResponse;
import dev.persona.schema.fb.SshPolicyRequest;
import dev.persona.schema.fb.SshSignRequest;
import dev.persona.schema.fb.SshSignResponse;
import dev.persona.server.ssh.KeyPolicy;
import dev.persona.server.ssh.SshKeyFields;
import dev.persona.server.ssh.VaultKeyring;
import dev.persona.server.transport.ClientSession;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SSH key management over RPC ({@code persona ssh …}): generate, import, list, export, delete,
 * policy and sign. Keys are items of type {@code SSH_KEY} in a vault; the {@link VaultKeyring}
 * holds their decoded signers for the agent.
 *
 * <p>Conductor thread only.
 */
public final class SshRpcHandler {
  private final Engine engine;
  private final VaultKeyring keyring;

  public SshRpcHandler(final Engine engine) {
    this.engine = engine;
    this.keyring = new VaultKeyring(engine);
  }

  public VaultKeyring keyring() {
    return keyring;
  }

  boolean handles(final byte bodyType) {
    return bodyType >= RequestBody.SshKeygenRequest && bodyType <= RequestBody.SshSignRequest;
  }

  /**
   * Handles one SSH request, sends its response (or parks it with {@code parker}), and returns the
   * audit target.
   */
  String handle(
      final Channel channel,
      final long requestId,
      final byte bodyType,
      final Request request,
      final ResponseProxy responseProxy,
      final RequestParker parker) {
    final FlatBufferBuilder builder = responseProxy.builder();
    switch (bodyType) {
      case RequestBody.SshKeygenRequest -> {
        final SshKeygenRequest keygen = (SshKeygenRequest) request.body(new SshKeygenRequest());
        final String name = RpcDispatcher.required(keygen.name(), "name");
        final SshKeyType type = keyType(keygen.type(), (int) keygen.bits());
        final String comment = keygen.comment() == null ? name : keygen.comment();
        final int bits =
            keygen.bits() == 0 ? SshKeyType.MIN_RSA_GENERATE_BITS : (int) keygen.bits();
        try (SshPrivateKey key = SshKeyGenerator.generate(type, bits, comment)) {
          final ItemView item =
              store(DefaultVault.resolve(engine, keygen.vault()), name, key, comment);
          sendKey(channel, requestId, responseProxy, builder, item);
          return item.id();
        }
      }
      case RequestBody.SshImportRequest -> {
        final SshImportRequest imported = (SshImportRequest) request.body(new SshImportRequest());
        final String name = RpcDispatcher.required(imported.name(), "name");
        final byte[] file = Secrets.bytes(imported.privateKeyAsByteBuffer());
        final ByteBuffer passphraseBytes = imported.passphraseAsByteBuffer();
        final char[] passphrase =
            passphraseBytes == null || !passphraseBytes.hasRemaining()
                ? null
                : Secrets.password(passphraseBytes, "passphrase");
        try (SshPrivateKey key = SshPrivateKeyParser.parseFile(file, passphrase)) {
          final String comment =
              imported.comment() != null
                  ? imported.comment()
                  : key.comment().isEmpty() ? name : key.comment();
          final ItemView item =
              store(DefaultVault.resolve(engine, imported.vault()), name, key, comment);
          sendKey(channel, requestId, responseProxy, builder, item);
          return item.id();
        } finally {
          Arrays.fill(file, (byte) 0);
          if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
          }
        }
      }
      case RequestBody.SshListRequest -> {
        final SshListRequest list = (SshListRequest) request.body(new SshListRequest());
        final String vault = list.vault();
        final List<Integer> offsets = new ArrayList<>();
        for (final ItemView item : engine.allItemsOfType(ItemType.SSH_KEY)) {
          try {
            if (!item.trashed()
                && (vault == null || vault.isEmpty() || vault.equals(item.vault()))) {
              offsets.add(writeKeyInfo(builder, item));
            }
          } finally {
            item.zero();
          }
        }
        final int[] vector = offsets.stream().mapToInt(Integer::intValue).toArray();
        final int body =
            SshListResponse.createSshListResponse(
                builder, SshListResponse.createKeysVector(builder, vector));
        responseProxy.sendBody(channel, requestId, ResponseBody.SshListResponse, body);
        return vault == null ? "" : vault;
      }
      case RequestBody.SshExportPublicRequest -> {
        final SshExportPublicRequest export =
            (SshExportPublicRequest) request.body(new SshExportPublicRequest());
        final ItemView item = findKey(RpcDispatcher.required(export.key(), "key"));
        sendKey(channel, requestId, responseProxy, builder, item);
        return item.id();
      }
      case RequestBody.SshDeleteRequest -> {
        final SshDeleteRequest delete = (SshDeleteRequest) request.body(new SshDeleteRequest());
        final ItemView item = findKey(RpcDispatcher.required(delete.key(), "key"));
        final String vault = item.vault();
        final String id = item.id();
        final String target =
            parker.changeApproved(
                "ssh.delete",
                item,
                channel,
                requestId,
                (replyTo, replyId) -> {
                  engine.trashItem(vault, id);
                  keyring.refresh();
                  responseProxy.sendOk(replyTo, replyId);
                  return id;
                });
        item.zero(); // the policy was read above; the change re-reads what it needs
        return target;
      }
      case RequestBody.SshPolicyRequest -> {
        final SshPolicyRequest policyRequest =
            (SshPolicyRequest) request.body(new SshPolicyRequest());
        final ItemView item = findKey(RpcDispatcher.required(policyRequest.key(), "key"));
        if (!policyRequest.set() || policyRequest.policy() == null) {
          sendKey(channel, requestId, responseProxy, builder, item);
          return item.id();
        }
        final dev.persona.schema.fb.SshKeyPolicy wire = policyRequest.policy();
        final String approval = approvalName(wire.approval());
        final String hosts = join(wire.allowedHostsLength(), wire::allowedHosts);
        final String executables = join(wire.allowedExecutablesLength(), wire::allowedExecutables);
        final long rememberMs = wire.rememberMs();
        final String vault = item.vault();
        final String id = item.id();
        final String target =
            parker.changeApproved(
                "ssh.policy",
                item,
                channel,
                requestId,
                (replyTo, replyId) -> {
                  // Read the key again: it may have changed while the change waited for approval.
                  final ItemView current = engine.getItem(vault, id);
                  if (current == null) {
                    throw new PersonaException(
                        PersonaException.Category.NOT_FOUND, "no SSH key with id '" + id + "'");
                  }
                  final List<Field> fields = new ArrayList<>();
                  for (final Field field : current.fields()) {
                    if (!field.name().startsWith("policy.")) {
                      fields.add(field);
                    }
                  }
                  fields.add(text(KeyPolicy.APPROVAL_FIELD, approval));
                  fields.add(text(KeyPolicy.HOSTS_FIELD, hosts));
                  fields.add(text(KeyPolicy.EXECUTABLES_FIELD, executables));
                  if (rememberMs > 0) {
                    fields.add(text(KeyPolicy.REMEMBER_FIELD, Long.toUnsignedString(rememberMs)));
                  }
                  final ItemView updated =
                      engine.updateItem(
                          vault,
                          id,
                          current.revision(),
                          new ItemDraft(
                              current.name(),
                              ItemType.SSH_KEY,
                              fields,
                              current.urls(),
                              current.tags()));
                  current.zero();
                  keyring.refresh();
                  sendKey(replyTo, replyId, responseProxy, responseProxy.begin(), updated);
                  return updated.id();
                });
        item.zero(); // the policy was read above; the change re-reads what it needs
        return target;
      }
      case RequestBody.SshSignRequest -> {
        final SshSignRequest sign = (SshSignRequest) request.body(new SshSignRequest());
        final byte[] blob = Secrets.bytes(sign.keyBlobAsByteBuffer());
        final VaultKeyring.Entry entry = unlockedKey(blob);
        final String executable = ClientSession.of(channel).executable();
        checkMaySign(entry, executable);
        final byte[] data = Secrets.bytes(sign.dataAsByteBuffer());
        final int flags = (int) sign.flags();
        if (entry.policy().approval() == KeyPolicy.Approval.ASK) {
          return parker.park(
              "ssh.sign",
              entry.name(),
              null,
              entry.policy().rememberMs(),
              (resumed, resumedId) -> {
                // The key set or its policy may have changed while it waited: look the key up
                // again; a deny set meanwhile wins over the approval.
                final VaultKeyring.Entry now = unlockedKey(blob);
                checkMaySign(now, executable);
                return sendSignature(resumed, resumedId, responseProxy, now, data, flags);
              });
        }
        return sendSignature(channel, requestId, responseProxy, entry, data, flags);
      }
      default -> throw new IllegalStateException("not an SSH request: " + bodyType);
    }
  }

  /**
   * Refuses (DENIED) a key whose effective policy, the key's narrowed by its vault's, is deny or
   * does not name the caller's executable; the agent applies the same two checks.
   */
  private static void checkMaySign(final VaultKeyring.Entry entry, final String executable) {
    if (entry.policy().approval() == KeyPolicy.Approval.DENY) {
      throw new PersonaException(
          PersonaException.Category.DENIED,
          "key '" + entry.name() + "' may not sign (policy deny: the key's or its vault's)");
    }
    if (!entry.policy().allowsExecutable(executable)) {
      throw new PersonaException(
          PersonaException.Category.DENIED,
          "key '"
              + entry.name()
              + "' may not sign for "
              + executable
              + " (policy.executables of the key or its vault)");
    }
  }

  /** The decoded vault key for {@code blob}; LOCKED while the vault is, else NOT_FOUND. */
  private VaultKeyring.Entry unlockedKey(final byte[] blob) {
    keyring.sync();
    if (engine.isLocked()) {
      throw new PersonaException(
          PersonaException.Category.LOCKED, "the vault is locked: unlock it to sign");
    }
    final VaultKeyring.Entry entry = keyring.find(blob, 0, blob.length);
    if (entry == null) {
      throw new PersonaException(
          PersonaException.Category.NOT_FOUND, "no unlocked vault key with that public key");
    }
    return entry;
  }

  private static String sendSignature(
      final Channel channel,
      final long requestId,
      final ResponseProxy responseProxy,
      final VaultKeyring.Entry entry,
      final byte[] data,
      final int flags) {
    final byte[] signature = entry.key().sign(data, 0, data.length, flags);
    final FlatBufferBuilder builder = responseProxy.begin();
    final int body =
        SshSignResponse.createSshSignResponse(
            builder, SshSignResponse.createSignatureVector(builder, signature));
    responseProxy.sendBody(channel, requestId, ResponseBody.SshSignResponse, body);
    return entry.fingerprint();
  }

  private ItemView store(
      final String vault, final String name, final SshPrivateKey key, final String comment) {
    final byte[] pem = key.encodeOpenSshPrivateKey();
    final byte[] blob = key.identityBlob();
    final ItemDraft draft =
        ItemDraft.builder(name, ItemType.SSH_KEY)
            .field(SshKeyFields.PRIVATE_KEY, pem, true)
            .text(SshKeyFields.PUBLIC_KEY, SshPublicKeys.authorizedKeysLine(blob, comment))
            .text(SshKeyFields.FINGERPRINT, key.fingerprint())
            .text(SshKeyFields.COMMENT, comment)
            .build();
    try {
      final ItemView item = engine.createItem(vault, draft);
      keyring.refresh();
      return item;
    } finally {
      Arrays.fill(pem, (byte) 0);
    }
  }

  /**
   * A key by fingerprint, item id or item name, searched in every vault (the first match wins);
   * {@link TokenGate} resolves keys through this too, so it checks the key the handler will use.
   */
  ItemView findKey(final String key) {
    for (final var vault : engine.listVaults()) {
      if (key.startsWith("SHA256:")) {
        for (final ItemSummary hit : engine.search(vault.name(), IndexKind.SSH_FINGERPRINT, key)) {
          return engine.getItem(vault.name(), hit.id());
        }
      } else {
        final ItemView item = engine.getItem(vault.name(), key);
        if (item != null && item.type() == ItemType.SSH_KEY && !item.trashed()) {
          return item;
        }
        if (item != null) {
          item.zero();
        }
      }
    }
    throw new PersonaException(PersonaException.Category.NOT_FOUND, "no SSH key '" + key + "'");
  }

  private void sendKey(
      final Channel channel,
      final long requestId,
      final ResponseProxy responseProxy,
      final FlatBufferBuilder builder,
      final ItemView item) {
    try {
      final int body = SshKeyResponse.createSshKeyResponse(builder, writeKeyInfo(builder, item));
      responseProxy.sendBody(channel, requestId, ResponseBody.SshKeyResponse, body);
    } finally {
      item.zero();
    }
  }

  private static int writeKeyInfo(final FlatBufferBuilder builder, final ItemView item) {
    final String publicLine = value(item, SshKeyFields.PUBLIC_KEY);
    final String typeName = publicLine.isEmpty() ? "" : publicLine.split(" ", 2)[0];
    final KeyPolicy policy = KeyPolicy.of(item);
    final int hosts =
        dev.persona.schema.fb.SshKeyPolicy.createAllowedHostsVector(
            builder, ItemCodec.strings(builder, policy.hosts()));
    final int executables =
        dev.persona.schema.fb.SshKeyPolicy.createAllowedExecutablesVector(
            builder, ItemCodec.strings(builder, policy.executables()));
    final int policyOffset =
        dev.persona.schema.fb.SshKeyPolicy.createSshKeyPolicy(
            builder, policy.approval().ordinal(), executables, hosts, policy.rememberMs());
    return SshKeyInfo.createSshKeyInfo(
        builder,
        builder.createString(item.id()),
        builder.createString(item.name()),
        builder.createString(item.vault()),
        wireKeyType(typeName),
        0,
        builder.createString(value(item, SshKeyFields.FINGERPRINT)),
        builder.createString(publicLine),
        builder.createString(value(item, SshKeyFields.COMMENT)),
        item.createdMs(),
        policyOffset);
  }

  private static int wireKeyType(final String sshName) {
    final SshKeyType type = SshKeyType.fromName(sshName);
    if (type == null) {
      return dev.persona.schema.fb.SshKeyType.ED25519;
    }
    return switch (type) {
      case ED25519 -> dev.persona.schema.fb.SshKeyType.ED25519;
      case RSA -> dev.persona.schema.fb.SshKeyType.RSA;
      default -> dev.persona.schema.fb.SshKeyType.ECDSA;
    };
  }

  private static SshKeyType keyType(final int wireType, final int bits) {
    return switch (wireType) {
      case dev.persona.schema.fb.SshKeyType.ED25519 -> SshKeyType.ED25519;
      case dev.persona.schema.fb.SshKeyType.RSA -> SshKeyType.RSA;
      case dev.persona.schema.fb.SshKeyType.ECDSA ->
          switch (bits) {
            case 0, 256 -> SshKeyType.ECDSA_P256;
            case 384 -> SshKeyType.ECDSA_P384;
            case 521 -> SshKeyType.ECDSA_P521;
            default ->
                throw new IllegalArgumentException("field=bits ECDSA bits must be 256, 384 or 521");
          };
      default -> throw new IllegalArgumentException("field=type unknown key type " + wireType);
    };
  }

  private static String value(final ItemView item, final String fieldName) {
    final Field field = item.field(fieldName);
    return field == null ? "" : new String(field.value(), StandardCharsets.UTF_8);
  }

  private static Field text(final String name, final String value) {
    return new Field(name, value.getBytes(StandardCharsets.UTF_8), false);
  }

  private static String approvalName(final int mode) {
    return switch (mode) {
      case ApprovalMode.ASK -> "ask";
      case ApprovalMode.DENY -> "deny";
      default -> "allow";
    };
  }

  private static String join(final int count, final java.util.function.IntFunction<String> at) {
    final StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(at.apply(i));
    }
    return out.toString();
  }
}
