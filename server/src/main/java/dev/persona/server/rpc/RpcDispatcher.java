package dev.persona.server.rpc;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.engine.AuditEvent;
import dev.persona.engine.AuditVerification;
import dev.persona.engine.ConflictException;
import dev.persona.engine.Engine;
import dev.persona.engine.IndexKind;
import dev.persona.engine.ItemSummary;
import dev.persona.engine.ItemView;
import dev.persona.engine.PersonaException;
import dev.persona.engine.VaultInfo;
import dev.persona.engine.WrongPasswordException;
import dev.persona.schema.fb.ApprovalDecideRequest;
import dev.persona.schema.fb.ApprovalInfo;
import dev.persona.schema.fb.ApprovalListResponse;
import dev.persona.schema.fb.AuditTailRequest;
import dev.persona.schema.fb.AuditTailResponse;
import dev.persona.schema.fb.AuditVerifyResponse;
import dev.persona.schema.fb.ChangePasswordRequest;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.GrantCreateRequest;
import dev.persona.schema.fb.InitRequest;
import dev.persona.schema.fb.ItemCreateRequest;
import dev.persona.schema.fb.ItemGetRequest;
import dev.persona.schema.fb.ItemHistoryRequest;
import dev.persona.schema.fb.ItemHistoryResponse;
import dev.persona.schema.fb.ItemListRequest;
import dev.persona.schema.fb.ItemListResponse;
import dev.persona.schema.fb.ItemPurgeRequest;
import dev.persona.schema.fb.ItemResponse;
import dev.persona.schema.fb.ItemRestoreRequest;
import dev.persona.schema.fb.ItemRestoreRevisionRequest;
import dev.persona.schema.fb.ItemRevision;
import dev.persona.schema.fb.ItemSearchRequest;
import dev.persona.schema.fb.ItemTrashRequest;
import dev.persona.schema.fb.ItemUpdateRequest;
import dev.persona.schema.fb.Request;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.schema.fb.SearchKind;
import dev.persona.schema.fb.StatusResponse;
import dev.persona.schema.fb.UnlockRequest;
import dev.persona.schema.fb.VaultCreateRequest;
import dev.persona.schema.fb.VaultDeleteRequest;
import dev.persona.schema.fb.VaultListResponse;
import dev.persona.schema.fb.VaultRenameRequest;
import dev.persona.schema.fb.VaultResponse;
import dev.persona.server.approval.ApprovalRegistry;
import dev.persona.server.audit.AuditAgent;
import dev.persona.server.pipeline.ConnectionRegistry;
import dev.persona.server.pipeline.RpcConductor;
import dev.persona.server.token.TokenRegistry;
import dev.persona.server.token.TokenSettings;
import dev.persona.server.transport.ClientSession;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.SystemEpochClock;

/**
 * Decodes each verified request taken from the request ring, calls the engine, and answers on the
 * request's connection. Every request ends in exactly one response and one audit event.
 *
 * <p>Runs on the conductor thread only; not thread-safe. Reuses one {@link Request} table and one
 * table object per request type.
 */
public final class RpcDispatcher implements RpcConductor.Dispatcher {
  /** Receives one audit event per request; must not block (it hands off to the audit agent). */
  public interface AuditSink {
    void onEvent(AuditEvent event);
  }

  /** Facts about the running daemon that {@code status} reports. */
  public record DaemonFacts(
      String version, String rpcSocket, String agentSocket, String dataDir, long startedMs) {}

  private final Engine engine;
  private final ConnectionRegistry registry;
  private final ResponseProxy responseProxy;
  private final AuditSink auditSink;
  private final DaemonFacts facts;
  private final ReadRefsHandler readRefsHandler;
  private final AttachmentRpcHandler attachmentHandler;
  private final SshRpcHandler sshHandler;
  private final ApprovalRegistry approvals;
  private final TokenSettings tokenSettings;
  private final TokenRpcHandler tokenHandler;
  private final TokenGate tokenGate;
  private final Request request = new Request();

  public RpcDispatcher(
      final Engine engine,
      final ConnectionRegistry registry,
      final ResponseProxy responseProxy,
      final AuditSink auditSink,
      final DaemonFacts facts,
      final SshRpcHandler sshHandler,
      final ApprovalRegistry approvals,
      final TokenSettings tokenSettings) {
    this.approvals = approvals;
    this.tokenSettings = tokenSettings;
    this.engine = engine;
    this.registry = registry;
    this.responseProxy = responseProxy;
    this.auditSink = auditSink;
    this.facts = facts;
    this.readRefsHandler = new ReadRefsHandler(engine);
    this.attachmentHandler = new AttachmentRpcHandler(engine);
    this.sshHandler = sshHandler;
    final TokenRegistry tokens = new TokenRegistry(SystemEpochClock.INSTANCE, new SecureRandom());
    this.tokenHandler = new TokenRpcHandler(engine, tokens, tokenSettings);
    this.tokenGate =
        new TokenGate(tokens, engine, tokenSettings.required(), attachmentHandler, sshHandler);
  }

  @Override
  public int onTick(final long nowNs) {
    final boolean autoLocked = engine.pollAutoLock();
    if (autoLocked) {
      tokenGate.onLocked();
    }
    return (autoLocked ? 1 : 0)
        + sshHandler.keyring().sync()
        + attachmentHandler.onTick(System.currentTimeMillis());
  }

  @Override
  public void onRequest(
      final long connectionRef, final ByteBuffer view, final int offset, final int length) {
    final Channel channel = registry.channelOf(connectionRef);
    if (channel == null) {
      return; // the client went away; nobody is waiting for the answer
    }
    view.limit(offset + length).position(offset);
    Request.getRootAsRequest(view, request);
    final long requestId = request.requestId();
    final byte bodyType = request.bodyType();
    final ClientSession session = ClientSession.of(channel);
    String target = "";
    int result;
    try {
      result = tokenGate.check(request, bodyType, session.uid());
      if (result == ErrorCode.OK) {
        target = dispatch(channel, requestId, bodyType, session.uid());
      } else {
        responseProxy.sendError(channel, requestId, result, tokenGate.refusal());
        target = tokenGate.token() == null ? "" : tokenGate.token().id();
      }
    } catch (final WrongPasswordException ex) {
      result = ErrorCode.WRONG_PASSWORD;
      responseProxy.sendError(
          channel, requestId, result, "wrong password", null, 0, ex.retryAfterMs());
    } catch (final ConflictException ex) {
      result = ErrorCode.CONFLICT;
      responseProxy.sendError(channel, requestId, result, ex.getMessage());
    } catch (final PersonaException ex) {
      result = ErrorCodes.of(ex.category());
      responseProxy.sendError(channel, requestId, result, ex.getMessage());
    } catch (final IllegalArgumentException ex) {
      result = ErrorCode.BAD_INPUT;
      responseProxy.sendError(channel, requestId, result, ex.getMessage());
    } catch (final IndexOutOfBoundsException ex) {
      result = ErrorCode.MALFORMED;
      responseProxy.sendError(channel, requestId, result, "malformed request");
    } catch (final RuntimeException ex) {
      result = ErrorCode.INTERNAL;
      // Engine and daemon messages are key=value and never carry secrets, so they may be logged.
      System.err.println("personad: internal error in " + RequestBody.name(bodyType) + ": " + ex);
      responseProxy.sendError(
          channel, requestId, result, "internal error: " + ex.getClass().getSimpleName());
    }
    if (result == ErrorCode.OK && changesKeys(bodyType)) {
      sshHandler.keyring().markDirty();
    }
    auditSink.onEvent(
        AuditAgent.event(session, RequestBody.name(bodyType), target, ErrorCode.name(result)));
  }

  /** Handles one request and sends its success response; returns the audit target. */
  private String dispatch(
      final Channel channel, final long requestId, final byte bodyType, final int uid) {
    final FlatBufferBuilder builder = responseProxy.begin();
    switch (bodyType) {
      case RequestBody.StatusRequest -> {
        sendStatus(channel, requestId, builder);
        return "";
      }
      case RequestBody.InitRequest -> {
        final InitRequest init = (InitRequest) request.body(new InitRequest());
        final char[] password = Secrets.password(init.passwordAsByteBuffer(), "password");
        try {
          final String first = init.firstVault();
          engine.init(password, first == null || first.isBlank() ? "Personal" : first);
        } finally {
          Arrays.fill(password, '\0');
        }
        responseProxy.sendOk(channel, requestId);
        return "";
      }
      case RequestBody.UnlockRequest -> {
        final UnlockRequest unlock = (UnlockRequest) request.body(new UnlockRequest());
        if (unlock.issueToken()) {
          tokenSettings.ttlMs(unlock.tokenTtlMs()); // refuse bad token arguments before unlocking
          TokenRpcHandler.checkScope(unlock.tokenScope());
        }
        final char[] password = Secrets.password(unlock.passwordAsByteBuffer(), "password");
        try {
          engine.unlock(password);
        } finally {
          Arrays.fill(password, '\0');
        }
        final int body = tokenHandler.unlockResponse(builder, unlock, uid);
        responseProxy.sendBody(channel, requestId, ResponseBody.UnlockResponse, body);
        return tokenHandler.lastIssuedId();
      }
      case RequestBody.LockRequest -> {
        engine.lock();
        tokenGate.onLocked();
        responseProxy.sendOk(channel, requestId);
        return "";
      }
      case RequestBody.ChangePasswordRequest -> {
        final ChangePasswordRequest change =
            (ChangePasswordRequest) request.body(new ChangePasswordRequest());
        final char[] current = Secrets.password(change.oldPasswordAsByteBuffer(), "old_password");
        final char[] next = Secrets.password(change.newPasswordAsByteBuffer(), "new_password");
        try {
          engine.changePassword(current, next);
        } finally {
          Arrays.fill(current, '\0');
          Arrays.fill(next, '\0');
        }
        responseProxy.sendOk(channel, requestId);
        return "";
      }
      case RequestBody.VaultListRequest -> {
        final List<VaultInfo> vaults = engine.listVaults();
        final int[] offsets = new int[vaults.size()];
        for (int i = 0; i < offsets.length; i++) {
          offsets[i] = writeVault(builder, vaults.get(i));
        }
        final int body =
            VaultListResponse.createVaultListResponse(
                builder, VaultListResponse.createVaultsVector(builder, offsets));
        responseProxy.sendBody(channel, requestId, ResponseBody.VaultListResponse, body);
        return "";
      }
      case RequestBody.VaultCreateRequest -> {
        final VaultCreateRequest create =
            (VaultCreateRequest) request.body(new VaultCreateRequest());
        final VaultInfo vault = engine.createVault(required(create.name(), "name"));
        sendVault(channel, requestId, builder, vault);
        return vault.name();
      }
      case RequestBody.VaultRenameRequest -> {
        final VaultRenameRequest rename =
            (VaultRenameRequest) request.body(new VaultRenameRequest());
        final String newName = required(rename.newName(), "new_name");
        engine.renameVault(DefaultVault.resolve(engine, rename.vault()), newName);
        for (final VaultInfo vault : engine.listVaults()) {
          if (vault.name().equals(newName)) {
            sendVault(channel, requestId, builder, vault);
            return rename.vault();
          }
        }
        throw new IllegalStateException("renamed vault not listed: " + newName);
      }
      case RequestBody.VaultDeleteRequest -> {
        final VaultDeleteRequest delete =
            (VaultDeleteRequest) request.body(new VaultDeleteRequest());
        // Deleting is never implied: the vault must be named, and one holding items needs force.
        final String vault = required(delete.vault(), "vault");
        if (!delete.force()) {
          final int items =
              engine.listItems(vault, false).size() + engine.listItems(vault, true).size();
          if (items > 0) {
            throw new PersonaException(
                PersonaException.Category.CONFLICT,
                "vault '" + vault + "' holds " + items + " items; delete it with force");
          }
        }
        engine.deleteVault(vault);
        responseProxy.sendOk(channel, requestId);
        return vault;
      }
      case RequestBody.ItemCreateRequest -> {
        final ItemCreateRequest create = (ItemCreateRequest) request.body(new ItemCreateRequest());
        if (create.item() == null) {
          throw new IllegalArgumentException("field=item item is required");
        }
        final ItemView item =
            engine.createItem(
                DefaultVault.resolve(engine, create.vault()), ItemCodec.toDraft(create.item()));
        sendItem(channel, requestId, builder, item, false);
        return item.id();
      }
      case RequestBody.ItemGetRequest -> {
        final ItemGetRequest get = (ItemGetRequest) request.body(new ItemGetRequest());
        final ItemView item = findItem(get.vault(), get.item());
        sendItem(channel, requestId, builder, item, get.reveal());
        return item.id();
      }
      case RequestBody.ItemUpdateRequest -> {
        final ItemUpdateRequest update = (ItemUpdateRequest) request.body(new ItemUpdateRequest());
        if (update.item() == null) {
          throw new IllegalArgumentException("field=item item is required");
        }
        final String vault = DefaultVault.resolve(engine, update.vault());
        final String id = required(update.item().id(), "item.id");
        final ItemView item =
            engine.updateItem(
                vault,
                findItem(vault, id).id(),
                update.expectedRevision(),
                ItemCodec.toDraft(update.item()));
        sendItem(channel, requestId, builder, item, false);
        return item.id();
      }
      case RequestBody.ItemTrashRequest -> {
        final ItemTrashRequest trash = (ItemTrashRequest) request.body(new ItemTrashRequest());
        final ItemView item = findItem(trash.vault(), trash.item());
        engine.trashItem(item.vault(), item.id());
        responseProxy.sendAck(channel, requestId, item.id(), item.revision());
        return item.id();
      }
      case RequestBody.ItemRestoreRequest -> {
        final ItemRestoreRequest restore =
            (ItemRestoreRequest) request.body(new ItemRestoreRequest());
        final ItemView item = findItem(restore.vault(), restore.item());
        engine.restoreItem(item.vault(), item.id());
        responseProxy.sendAck(channel, requestId, item.id(), item.revision());
        return item.id();
      }
      case RequestBody.ItemPurgeRequest -> {
        final ItemPurgeRequest purge = (ItemPurgeRequest) request.body(new ItemPurgeRequest());
        final ItemView item = findItem(purge.vault(), purge.item());
        engine.purgeItem(item.vault(), item.id());
        responseProxy.sendAck(channel, requestId, item.id(), item.revision());
        return item.id();
      }
      case RequestBody.ItemListRequest -> {
        final ItemListRequest list = (ItemListRequest) request.body(new ItemListRequest());
        sendSummaries(
            channel,
            requestId,
            builder,
            engine.listItems(DefaultVault.resolve(engine, list.vault()), list.includeTrashed()));
        return list.vault();
      }
      case RequestBody.ItemSearchRequest -> {
        final ItemSearchRequest search = (ItemSearchRequest) request.body(new ItemSearchRequest());
        sendSummaries(
            channel,
            requestId,
            builder,
            engine.search(
                DefaultVault.resolve(engine, search.vault()),
                indexKind(search.kind()),
                required(search.term(), "term")));
        return search.vault();
      }
      case RequestBody.ItemHistoryRequest -> {
        final ItemHistoryRequest history =
            (ItemHistoryRequest) request.body(new ItemHistoryRequest());
        final ItemView current = findItem(history.vault(), history.item());
        final List<ItemView> revisions = engine.history(current.vault(), current.id());
        final int[] offsets = new int[revisions.size()];
        for (int i = 0; i < offsets.length; i++) {
          final ItemView revision = revisions.get(i);
          offsets[i] =
              ItemRevision.createItemRevision(
                  builder, revision.revision(), revision.updatedMs(), revision.trashed());
          revision.zero();
        }
        final int body =
            ItemHistoryResponse.createItemHistoryResponse(
                builder, ItemHistoryResponse.createRevisionsVector(builder, offsets));
        responseProxy.sendBody(channel, requestId, ResponseBody.ItemHistoryResponse, body);
        return current.id();
      }
      case RequestBody.ItemRestoreRevisionRequest -> {
        final ItemRestoreRevisionRequest restore =
            (ItemRestoreRevisionRequest) request.body(new ItemRestoreRevisionRequest());
        final ItemView current = findItem(restore.vault(), restore.item());
        final ItemView item =
            engine.restoreRevision(current.vault(), current.id(), restore.revision());
        sendItem(channel, requestId, builder, item, false);
        return item.id();
      }
      case RequestBody.ReadRefsRequest -> {
        readRefsHandler.handle(channel, requestId, request, responseProxy);
        return "";
      }
      case RequestBody.AuditTailRequest -> {
        final AuditTailRequest tail = (AuditTailRequest) request.body(new AuditTailRequest());
        final int limit = tail.limit() == 0 ? 100 : (int) Math.min(tail.limit(), 10_000);
        final List<AuditEvent> events = engine.auditTail(limit);
        final int[] offsets = new int[events.size()];
        for (int i = 0; i < offsets.length; i++) {
          final AuditEvent event = events.get(i);
          offsets[i] =
              dev.persona.schema.fb.AuditEvent.createAuditEvent(
                  builder,
                  0,
                  event.timestampMs(),
                  event.callerUid(),
                  event.callerPid(),
                  builder.createString(event.callerExe()),
                  builder.createString(event.operation()),
                  builder.createString(event.target()),
                  resultCode(event.result()),
                  0);
        }
        final int body =
            AuditTailResponse.createAuditTailResponse(
                builder, AuditTailResponse.createEventsVector(builder, offsets), 0);
        responseProxy.sendBody(channel, requestId, ResponseBody.AuditTailResponse, body);
        return "";
      }
      case RequestBody.ApprovalListRequest -> {
        final List<ApprovalRegistry.Pending> pending = approvals.pending();
        final int[] offsets = new int[pending.size()];
        for (int i = 0; i < offsets.length; i++) {
          final ApprovalRegistry.Pending p = pending.get(i);
          offsets[i] =
              ApprovalInfo.createApprovalInfo(
                  builder,
                  builder.createString(p.id()),
                  builder.createString(p.operation()),
                  builder.createString(p.target()),
                  builder.createString(p.executable()),
                  p.pid(),
                  p.uid(),
                  p.createdMs(),
                  p.expiresMs());
        }
        final int body =
            ApprovalListResponse.createApprovalListResponse(
                builder, ApprovalListResponse.createApprovalsVector(builder, offsets));
        responseProxy.sendBody(channel, requestId, ResponseBody.ApprovalListResponse, body);
        return "";
      }
      case RequestBody.ApprovalDecideRequest -> {
        final ApprovalDecideRequest decide =
            (ApprovalDecideRequest) request.body(new ApprovalDecideRequest());
        final String id = required(decide.id(), "id");
        if (!approvals.decide(id, decide.allow(), decide.rememberMs())) {
          throw new PersonaException(
              PersonaException.Category.NOT_FOUND,
              "no pending approval '" + id + "' (decided already or timed out)");
        }
        responseProxy.sendAck(channel, requestId, id, 0);
        return id + (decide.allow() ? " allowed" : " denied");
      }
      case RequestBody.GrantCreateRequest -> {
        final GrantCreateRequest grant =
            (GrantCreateRequest) request.body(new GrantCreateRequest());
        if (grant.ttlMs() <= 0) {
          throw new IllegalArgumentException("field=ttl_ms a grant needs a positive duration");
        }
        final String executable = grant.executable();
        final String id =
            approvals.grant(
                required(grant.target(), "target"),
                executable == null || executable.isEmpty() ? null : executable,
                grant.ttlMs());
        responseProxy.sendAck(channel, requestId, id, 0);
        return grant.target();
      }
      case RequestBody.ShutdownRequest -> {
        responseProxy.sendOk(channel, requestId);
        // Exit from another thread: the shutdown hook closes the daemon, which waits for this one.
        final Thread exit = new Thread(() -> System.exit(0), "persona-exit");
        exit.setDaemon(true);
        exit.start();
        return "";
      }
      case RequestBody.AuditVerifyRequest -> {
        final AuditVerification verification = engine.verifyAudit();
        final int reason =
            verification.problem() == null ? 0 : builder.createString(verification.problem());
        final int body =
            AuditVerifyResponse.createAuditVerifyResponse(
                builder,
                verification.intact(),
                verification.entries(),
                verification.firstBadSeq(),
                reason);
        responseProxy.sendBody(channel, requestId, ResponseBody.AuditVerifyResponse, body);
        return "";
      }
      default -> {
        if (attachmentHandler.handles(bodyType)) {
          return attachmentHandler.handle(channel, requestId, bodyType, request, responseProxy);
        }
        if (sshHandler.handles(bodyType)) {
          return sshHandler.handle(channel, requestId, bodyType, request, responseProxy);
        }
        if (tokenHandler.handles(bodyType)) {
          return tokenHandler.handle(channel, requestId, bodyType, request, responseProxy, uid);
        }
        responseProxy.sendError(
            channel,
            requestId,
            ErrorCode.UNSUPPORTED_OPERATION,
            "operation not supported by this daemon: " + RequestBody.name(bodyType));
        return "";
      }
    }
  }

  private ItemView findItem(final String vault, final String nameOrId) {
    final String resolved = DefaultVault.resolve(engine, vault);
    final ItemView item = engine.getItem(resolved, required(nameOrId, "item"));
    if (item == null) {
      throw new PersonaException(
          PersonaException.Category.NOT_FOUND,
          "no item '" + nameOrId + "' in vault '" + resolved + "'");
    }
    return item;
  }

  private void sendStatus(
      final Channel channel, final long requestId, final FlatBufferBuilder builder) {
    final boolean initialized = engine.isInitialized();
    final boolean locked = engine.isLocked();
    final int version = builder.createString(facts.version());
    final int rpcSocket = builder.createString(facts.rpcSocket());
    final int agentSocket = builder.createString(facts.agentSocket());
    final int dataDir = builder.createString(facts.dataDir());
    final int body =
        StatusResponse.createStatusResponse(
            builder,
            initialized,
            locked,
            version,
            rpcSocket,
            agentSocket,
            dataDir,
            initialized && !locked ? engine.listVaults().size() : 0,
            locked ? 0 : engine.lockAtMs(),
            System.currentTimeMillis() - facts.startedMs(),
            ProcessHandle.current().pid());
    responseProxy.sendBody(channel, requestId, ResponseBody.StatusResponse, body);
  }

  private void sendVault(
      final Channel channel,
      final long requestId,
      final FlatBufferBuilder builder,
      final VaultInfo vault) {
    final int body = VaultResponse.createVaultResponse(builder, writeVault(builder, vault));
    responseProxy.sendBody(channel, requestId, ResponseBody.VaultResponse, body);
  }

  private static int writeVault(final FlatBufferBuilder builder, final VaultInfo vault) {
    return dev.persona.schema.fb.VaultInfo.createVaultInfo(
        builder,
        builder.createString(vault.id()),
        builder.createString(vault.name()),
        0,
        vault.createdMs());
  }

  private void sendItem(
      final Channel channel,
      final long requestId,
      final FlatBufferBuilder builder,
      final ItemView item,
      final boolean reveal) {
    try {
      final int body =
          ItemResponse.createItemResponse(builder, ItemCodec.write(builder, item, reveal));
      responseProxy.sendBody(channel, requestId, ResponseBody.ItemResponse, body);
    } finally {
      item.zero();
    }
  }

  private void sendSummaries(
      final Channel channel,
      final long requestId,
      final FlatBufferBuilder builder,
      final List<ItemSummary> items) {
    final int[] offsets = new int[items.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = ItemCodec.writeSummary(builder, items.get(i));
    }
    final int body =
        ItemListResponse.createItemListResponse(
            builder, ItemListResponse.createItemsVector(builder, offsets), 0);
    responseProxy.sendBody(channel, requestId, ResponseBody.ItemListResponse, body);
  }

  private static IndexKind indexKind(final int kind) {
    return switch (kind) {
      case SearchKind.NAME -> IndexKind.NAME;
      case SearchKind.TAG -> IndexKind.TAG;
      case SearchKind.URL_HOST -> IndexKind.URL_HOST;
      case SearchKind.SSH_FINGERPRINT -> IndexKind.SSH_FINGERPRINT;
      default -> throw new IllegalArgumentException("field=kind unknown search kind " + kind);
    };
  }

  private static int resultCode(final String result) {
    for (int code = 0; code < ErrorCode.names.length; code++) {
      if (ErrorCode.names[code].equals(result)) {
        return code;
      }
    }
    return ErrorCode.INTERNAL;
  }

  /** Requests after which the agent's view of vault keys may be stale. */
  private static boolean changesKeys(final byte bodyType) {
    return switch (bodyType) {
      case RequestBody.UnlockRequest,
          RequestBody.LockRequest,
          RequestBody.InitRequest,
          RequestBody.VaultDeleteRequest,
          RequestBody.VaultRenameRequest,
          RequestBody.ItemCreateRequest,
          RequestBody.ItemUpdateRequest,
          RequestBody.ItemTrashRequest,
          RequestBody.ItemRestoreRequest,
          RequestBody.ItemPurgeRequest,
          RequestBody.ItemRestoreRevisionRequest ->
          true;
      default -> false;
    };
  }

  static String required(final String value, final String field) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("field=" + field + " is required");
    }
    return value;
  }
}
