package dev.persona.server.rpc;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.engine.AccessPolicy;
import dev.persona.engine.AuditEvent;
import dev.persona.engine.AuditRecord;
import dev.persona.engine.AuditVerification;
import dev.persona.engine.ConflictException;
import dev.persona.engine.Engine;
import dev.persona.engine.Field;
import dev.persona.engine.IndexKind;
import dev.persona.engine.ItemDraft;
import dev.persona.engine.ItemSummary;
import dev.persona.engine.ItemView;
import dev.persona.engine.PersonaException;
import dev.persona.engine.VaultInfo;
import dev.persona.engine.WrongPasswordException;
import dev.persona.schema.fb.ApprovalDecideRequest;
import dev.persona.schema.fb.ApprovalInfo;
import dev.persona.schema.fb.ApprovalListResponse;
import dev.persona.schema.fb.ApprovalMode;
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
import dev.persona.schema.fb.VaultPolicy;
import dev.persona.schema.fb.VaultPolicyRequest;
import dev.persona.schema.fb.VaultRenameRequest;
import dev.persona.schema.fb.VaultResponse;
import dev.persona.server.approval.ApprovalRegistry;
import dev.persona.server.audit.AuditAgent;
import dev.persona.server.pipeline.ConductorInbox;
import dev.persona.server.pipeline.ConnectionRegistry;
import dev.persona.server.pipeline.RpcConductor;
import dev.persona.server.ssh.KeyPolicy;
import dev.persona.server.token.TokenRegistry;
import dev.persona.server.token.TokenSettings;
import dev.persona.server.transport.ClientSession;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
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
public final class RpcDispatcher implements RpcConductor.Dispatcher, RequestParker {
  /** Items in one page of a listing when the client asks for none or more. */
  static final int MAX_PAGE_ITEMS = 1000;

  /**
   * Summaries stop at this many bytes of one reply (a frame holds 1 MiB): a page of unusually large
   * summaries ends early and says where the next one starts.
   */
  static final int PAGE_BYTES = 512 * 1024;

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
  private final ConductorInbox inbox;
  private final Request request = new Request();

  /** Dispatches the request in the fields below; one instance, so dispatching allocates nothing. */
  private final Handler dispatchCurrent = this::dispatchCurrent;

  private Channel currentChannel;
  private long currentConnectionRef;
  private long currentRequestId;
  private byte currentBodyType;
  private int currentUid;

  /** What the access-token gate answered for the current request (OK when it let it through). */
  private int gateResult;

  /** Set when the current request was parked: its reply and audit come when it is decided. */
  private boolean deferred;

  /** The audit target of the request just handled by {@link #guarded}. */
  private String auditTarget = "";

  /** One step that answers a request and returns its audit target; may throw. */
  @FunctionalInterface
  private interface Handler {
    String handle();
  }

  public RpcDispatcher(
      final Engine engine,
      final ConnectionRegistry registry,
      final ResponseProxy responseProxy,
      final AuditSink auditSink,
      final DaemonFacts facts,
      final SshRpcHandler sshHandler,
      final ApprovalRegistry approvals,
      final TokenSettings tokenSettings,
      final ConductorInbox inbox) {
    this.approvals = approvals;
    this.tokenSettings = tokenSettings;
    this.inbox = inbox;
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
    currentChannel = channel;
    currentConnectionRef = connectionRef;
    currentRequestId = requestId;
    currentBodyType = bodyType;
    deferred = false;
    final ClientSession session = ClientSession.of(channel);
    currentUid = session.uid();
    gateResult = ErrorCode.OK;
    int result;
    try {
      result = guarded(channel, requestId, bodyType, dispatchCurrent);
    } finally {
      currentChannel = null;
    }
    if (result == ErrorCode.OK) {
      result = gateResult;
    }
    if (deferred) {
      return; // answered and audited when its approval is decided
    }
    if (result == ErrorCode.OK && changesKeys(bodyType)) {
      sshHandler.keyring().markDirty();
    }
    auditSink.onEvent(
        AuditAgent.event(session, RequestBody.name(bodyType), auditTarget, ErrorCode.name(result)));
  }

  /**
   * The access-token gate, then the request itself. A refusal is answered here and left in {@link
   * #gateResult}; its audit target is the token's id.
   */
  private String dispatchCurrent() {
    gateResult = tokenGate.check(request, currentBodyType, currentUid);
    if (gateResult != ErrorCode.OK) {
      responseProxy.sendError(currentChannel, currentRequestId, gateResult, tokenGate.refusal());
      return tokenGate.token() == null ? "" : tokenGate.token().id();
    }
    return dispatch(currentChannel, currentRequestId, currentBodyType, currentUid);
  }

  /**
   * Runs {@code handler}, which sends the success reply; maps what it throws to one error reply
   * (the one boundary catch). Returns the wire result; the audit target is left in {@link
   * #auditTarget}.
   */
  private int guarded(
      final Channel channel, final long requestId, final byte bodyType, final Handler handler) {
    auditTarget = "";
    try {
      auditTarget = handler.handle();
      return ErrorCode.OK;
    } catch (final WrongPasswordException ex) {
      responseProxy.sendError(
          channel,
          requestId,
          ErrorCode.WRONG_PASSWORD,
          "wrong password",
          null,
          0,
          ex.retryAfterMs());
      return ErrorCode.WRONG_PASSWORD;
    } catch (final ConflictException ex) {
      responseProxy.sendError(channel, requestId, ErrorCode.CONFLICT, ex.getMessage());
      return ErrorCode.CONFLICT;
    } catch (final PersonaException ex) {
      final int result = ErrorCodes.of(ex.category());
      responseProxy.sendError(channel, requestId, result, ex.getMessage());
      return result;
    } catch (final IllegalArgumentException ex) {
      responseProxy.sendError(channel, requestId, ErrorCode.BAD_INPUT, ex.getMessage());
      return ErrorCode.BAD_INPUT;
    } catch (final IndexOutOfBoundsException ex) {
      responseProxy.sendError(channel, requestId, ErrorCode.MALFORMED, "malformed request");
      return ErrorCode.MALFORMED;
    } catch (final RuntimeException | AssertionError ex) {
      // FlatBuffers reports misuse as AssertionError: a bug in one request, not a reason to stop
      // the conductor (an Error would end its AgentRunner and every RPC with it).
      // Engine and daemon messages are key=value and never carry secrets, so they may be logged.
      System.err.println("personad: internal error in " + RequestBody.name(bodyType) + ": " + ex);
      responseProxy.sendError(
          channel,
          requestId,
          ErrorCode.INTERNAL,
          "internal error: " + ex.getClass().getSimpleName());
      return ErrorCode.INTERNAL;
    }
  }

  @Override
  public String park(
      final String operation,
      final String target,
      final String destination,
      final long rememberAllowMs,
      final Resumption resumption) {
    final long connectionRef = currentConnectionRef;
    final long requestId = currentRequestId;
    final byte bodyType = currentBodyType;
    final ClientSession session = ClientSession.of(currentChannel);
    // The decision may come on any thread (an event loop, the scheduler, an askpass thread, or
    // this one for a grant): the request always resumes on the conductor, the engine's one caller.
    approvals.ask(
        operation,
        target,
        destination,
        rememberAllowMs,
        session,
        outcome ->
            inbox.offer(
                () ->
                    resume(
                        connectionRef,
                        requestId,
                        bodyType,
                        session,
                        operation,
                        target,
                        outcome,
                        resumption)));
    deferred = true;
    return target;
  }

  /** Answers and audits a parked request once decided. Conductor thread. */
  private void resume(
      final long connectionRef,
      final long requestId,
      final byte bodyType,
      final ClientSession session,
      final String operation,
      final String target,
      final ApprovalRegistry.Outcome outcome,
      final Resumption resumption) {
    final String decided =
        outcome.approvalId() == null ? target : target + " (approval " + outcome.approvalId() + ")";
    final int denial = outcome.timedOut() ? ErrorCode.APPROVAL_TIMEOUT : ErrorCode.DENIED;
    final Channel channel = registry.channelOf(connectionRef);
    if (channel == null) {
      // The caller left while it waited: nothing is performed, the decision is still recorded.
      auditSink.onEvent(
          AuditAgent.event(
              session,
              RequestBody.name(bodyType),
              decided + " caller gone",
              ErrorCode.name(outcome.allowed() ? ErrorCode.OK : denial)));
      return;
    }
    final int result;
    if (outcome.allowed()) {
      // A resumption may park again (a ReadRefs needing a second item): give it the request.
      currentChannel = channel;
      currentConnectionRef = connectionRef;
      currentRequestId = requestId;
      currentBodyType = bodyType;
      deferred = false;
      try {
        result = guarded(channel, requestId, bodyType, () -> resumption.resume(channel, requestId));
      } finally {
        currentChannel = null;
      }
      if (deferred) {
        return;
      }
      if (result == ErrorCode.OK && changesKeys(bodyType)) {
        sshHandler.keyring().refresh(); // a resumed item change may have touched an SSH key
      }
    } else {
      result = denial;
      responseProxy.sendApprovalError(
          channel,
          requestId,
          denial,
          denialMessage(operation, target, outcome),
          outcome.approvalId());
    }
    auditSink.onEvent(
        AuditAgent.event(
            session,
            RequestBody.name(bodyType),
            result == ErrorCode.OK ? auditTarget + approvalSuffix(outcome) : decided,
            ErrorCode.name(result)));
  }

  private static String approvalSuffix(final ApprovalRegistry.Outcome outcome) {
    return outcome.approvalId() == null ? "" : " (approval " + outcome.approvalId() + ")";
  }

  private static String denialMessage(
      final String operation, final String target, final ApprovalRegistry.Outcome outcome) {
    if (outcome.approvalId() == null) {
      return operation + " of '" + target + "' denied by a remembered decision";
    }
    return outcome.timedOut()
        ? "nobody approved "
            + operation
            + " of '"
            + target
            + "' in time (approval "
            + outcome.approvalId()
            + " timed out); approve it with `persona approve ID` while the request waits"
        : operation + " of '" + target + "' denied (approval " + outcome.approvalId() + ")";
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
        // Decode the SSH keys before answering: `persona unlock && ssh ...` must find them.
        sshHandler.keyring().sync();
        final int body = tokenHandler.unlockResponse(builder, unlock, uid);
        responseProxy.sendBody(channel, requestId, ResponseBody.UnlockResponse, body);
        return tokenHandler.lastIssuedId();
      }
      case RequestBody.LockRequest -> {
        engine.lock();
        // Zero the decoded SSH keys before the caller hears "locked", not at the next tick.
        sshHandler.keyring().sync();
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
        final String vault = DefaultVault.resolve(engine, rename.vault());
        return vaultChangeApproved(
            "vault.rename",
            vault,
            channel,
            requestId,
            (replyTo, replyId) -> {
              engine.renameVault(vault, newName);
              for (final VaultInfo renamed : engine.listVaults()) {
                if (renamed.name().equals(newName)) {
                  sendVault(replyTo, replyId, responseProxy.begin(), renamed);
                  return vault;
                }
              }
              throw new IllegalStateException("renamed vault not listed: " + newName);
            });
      }
      case RequestBody.VaultDeleteRequest -> {
        final VaultDeleteRequest delete =
            (VaultDeleteRequest) request.body(new VaultDeleteRequest());
        // Deleting is never implied: the vault must be named, and one holding items needs force.
        final String vault = required(delete.vault(), "vault");
        if (!delete.force()) {
          final long items = engine.itemCount(vault, false) + engine.itemCount(vault, true);
          if (items > 0) {
            throw new PersonaException(
                PersonaException.Category.CONFLICT,
                "vault '" + vault + "' holds " + items + " items; delete it with force");
          }
        }
        return vaultChangeApproved(
            "vault.delete",
            vault,
            channel,
            requestId,
            (replyTo, replyId) -> {
              engine.deleteVault(vault);
              responseProxy.sendOk(replyTo, replyId);
              return vault;
            });
      }
      case RequestBody.VaultPolicyRequest -> {
        return vaultPolicy(
            channel, requestId, (VaultPolicyRequest) request.body(new VaultPolicyRequest()));
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
        final String executable = ClientSession.of(channel).executable();
        if (get.reveal() && readCheck(item, executable, false) != 0) {
          final String vault = item.vault();
          final String id = item.id();
          return parkRead(
              "item.reveal",
              item,
              (replyTo, replyId) -> {
                // Read again once allowed: the item, or its vault's policy, may have changed
                // while it waited; a deny set meanwhile wins over the approval.
                final ItemView now = findItem(vault, id);
                readCheck(now, executable, false);
                sendItem(replyTo, replyId, responseProxy.begin(), now, true);
                return now.id();
              });
        }
        sendItem(channel, requestId, builder, item, get.reveal());
        return item.id();
      }
      case RequestBody.ItemUpdateRequest -> {
        final ItemUpdateRequest update = (ItemUpdateRequest) request.body(new ItemUpdateRequest());
        if (update.item() == null) {
          throw new IllegalArgumentException("field=item item is required");
        }
        final String vault = DefaultVault.resolve(engine, update.vault());
        final ItemView current = findItem(vault, required(update.item().id(), "item.id"));
        final String id = current.id();
        final long expectedRevision = update.expectedRevision();
        final ItemDraft draft = ItemCodec.toDraft(update.item());
        return changeApproved(
            "item.update",
            current,
            channel,
            requestId,
            (replyTo, replyId) -> {
              final ItemView item = engine.updateItem(vault, id, expectedRevision, draft);
              sendItem(replyTo, replyId, responseProxy.begin(), item, false);
              return item.id();
            });
      }
      case RequestBody.ItemTrashRequest -> {
        final ItemTrashRequest trash = (ItemTrashRequest) request.body(new ItemTrashRequest());
        return removeApproved(
            "item.trash", findItem(trash.vault(), trash.item()), channel, requestId, false);
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
        return removeApproved(
            "item.purge", findItem(purge.vault(), purge.item()), channel, requestId, true);
      }
      case RequestBody.ItemListRequest -> {
        final ItemListRequest list = (ItemListRequest) request.body(new ItemListRequest());
        final int limit = pageLimit(list.limit());
        sendPage(
            channel,
            requestId,
            builder,
            engine.listItems(
                DefaultVault.resolve(engine, list.vault()),
                list.includeTrashed(),
                list.afterId(),
                limit),
            limit);
        return list.vault();
      }
      case RequestBody.ItemSearchRequest -> {
        final ItemSearchRequest search = (ItemSearchRequest) request.body(new ItemSearchRequest());
        final int limit = pageLimit(search.limit());
        // No after_id to continue from: a full page's next_after_id only says that more hits exist.
        sendPage(
            channel,
            requestId,
            builder,
            engine.search(
                DefaultVault.resolve(engine, search.vault()),
                indexKind(search.kind()),
                required(search.term(), "term"),
                limit),
            limit);
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
        final ReadRefsHandler.Parked parked =
            readRefsHandler.handle(channel, requestId, request, responseProxy);
        return parked == null ? "" : parkReadRefs(parked);
      }
      case RequestBody.AuditTailRequest -> {
        final AuditTailRequest tail = (AuditTailRequest) request.body(new AuditTailRequest());
        final int limit = tail.limit() == 0 ? 100 : (int) Math.min(tail.limit(), 10_000);
        // after_sequence 0: the newest `limit`; else the next `limit` after it (a follower's poll).
        final long after = tail.afterSequence();
        final List<AuditRecord> records =
            after == 0 ? engine.auditTail(limit) : engine.auditAfter(after, limit);
        final int[] offsets = new int[records.size()];
        for (int i = 0; i < offsets.length; i++) {
          final AuditRecord record = records.get(i);
          final AuditEvent event = record.event();
          offsets[i] =
              dev.persona.schema.fb.AuditEvent.createAuditEvent(
                  builder,
                  record.sequence(),
                  event.timestampMs(),
                  event.callerUid(),
                  event.callerPid(),
                  builder.createString(event.callerExe()),
                  builder.createString(event.operation()),
                  builder.createString(event.target()),
                  resultCode(event.result()),
                  dev.persona.schema.fb.AuditEvent.createHashVector(builder, record.chainHash()));
        }
        // Where the next poll continues: the last event sent, or the head when there was none.
        final long last =
            records.isEmpty() ? engine.auditHead() : records.get(records.size() - 1).sequence();
        final int body =
            AuditTailResponse.createAuditTailResponse(
                builder, AuditTailResponse.createEventsVector(builder, offsets), last);
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
          return attachmentHandler.handle(
              channel, requestId, bodyType, request, responseProxy, this);
        }
        if (sshHandler.handles(bodyType)) {
          return sshHandler.handle(channel, requestId, bodyType, request, responseProxy, this);
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

  @Override
  public int vaultApproval(final String vault) {
    final AccessPolicy policy = engine.vaultPolicy(vault);
    return policy == null ? 0 : policy.approval().status();
  }

  /**
   * Runs {@code change} to {@code vault} now when the vault's own approval is allow, else parks it
   * as {@code operation} (never remembered): renaming or deleting an ask or deny vault is as
   * guarded as changing one of its items.
   */
  private String vaultChangeApproved(
      final String operation,
      final String vault,
      final Channel channel,
      final long requestId,
      final Resumption change) {
    if (vaultApproval(vault) == 0) {
      return change.resume(channel, requestId);
    }
    return park(operation, vault, null, 0, change);
  }

  /**
   * Reads or replaces a vault's own policy. A change that could let some caller do more ({@link
   * AccessPolicy#isLoosenedBy}) is parked as {@code vault.policy} with the new policy in its
   * target, so the person asked sees what they allow and no grant for the vault's name answers it;
   * tightening applies at once. Either way the keyring is refreshed before the reply, so the agent
   * signs under the new policy by the time the caller hears back.
   */
  private String vaultPolicy(
      final Channel channel, final long requestId, final VaultPolicyRequest policyRequest) {
    final VaultInfo vault = vaultNamed(required(policyRequest.vault(), "vault"));
    if (!policyRequest.set() || policyRequest.policy() == null) {
      sendVault(channel, requestId, responseProxy.begin(), vault);
      return vault.name();
    }
    final AccessPolicy next = accessPolicy(policyRequest.policy());
    final String name = vault.name();
    final String target = name + " (" + next.describe() + ")";
    final Resumption apply =
        (replyTo, replyId) -> {
          final VaultInfo changed = engine.setVaultPolicy(name, next);
          sshHandler.keyring().refresh();
          sendVault(replyTo, replyId, responseProxy.begin(), changed);
          return target;
        };
    if (!vault.policy().isLoosenedBy(next)) {
      return apply.resume(channel, requestId);
    }
    return park("vault.policy", target, null, 0, apply);
  }

  private VaultInfo vaultNamed(final String name) {
    for (final VaultInfo vault : engine.listVaults()) {
      if (vault.name().equalsIgnoreCase(name)) {
        return vault;
      }
    }
    throw new PersonaException(
        PersonaException.Category.NOT_FOUND, "vault=" + name + " problem=no such vault");
  }

  private static AccessPolicy accessPolicy(final VaultPolicy wire) {
    final AccessPolicy.Approval approval =
        switch (wire.approval()) {
          case ApprovalMode.ALLOW -> AccessPolicy.Approval.ALLOW;
          case ApprovalMode.ASK -> AccessPolicy.Approval.ASK;
          case ApprovalMode.DENY -> AccessPolicy.Approval.DENY;
          default ->
              throw new IllegalArgumentException(
                  "field=policy.approval unknown approval mode " + wire.approval());
        };
    final List<String> executables = new ArrayList<>(wire.allowedExecutablesLength());
    for (int i = 0; i < wire.allowedExecutablesLength(); i++) {
      executables.add(wire.allowedExecutables(i));
    }
    return AccessPolicy.of(approval, executables);
  }

  private static int wireApproval(final AccessPolicy.Approval approval) {
    return switch (approval) {
      case ALLOW -> ApprovalMode.ALLOW;
      case ASK -> ApprovalMode.ASK;
      case DENY -> ApprovalMode.DENY;
    };
  }

  /** Trashes or purges {@code item} now, or once approved when its policy asks for the user. */
  private String removeApproved(
      final String operation,
      final ItemView item,
      final Channel channel,
      final long requestId,
      final boolean purge) {
    final String vault = item.vault();
    final String id = item.id();
    final long revision = item.revision();
    return changeApproved(
        operation,
        item,
        channel,
        requestId,
        (replyTo, replyId) -> {
          if (purge) {
            engine.purgeItem(vault, id);
          } else {
            engine.trashItem(vault, id);
          }
          responseProxy.sendAck(replyTo, replyId, id, revision);
          return id;
        });
  }

  @Override
  public int readCheck(
      final ItemView item, final String executable, final boolean contentIsSecret) {
    if (!contentIsSecret && revealsNothing(item)) {
      return 0;
    }
    final String what = contentIsSecret ? "attachments of item '" : "item '";
    final String verb = contentIsSecret ? "' may not be read" : "' may not be revealed";
    final String name = item.name();
    final String vault = item.vault();
    final AccessPolicy vaultPolicy = engine.vaultPolicy(vault);
    if (vaultPolicy != null && !vaultPolicy.allowsExecutable(executable)) {
      item.zero();
      throw new PersonaException(
          PersonaException.Category.DENIED,
          what + name + verb + " to " + executable + " (the executables of vault '" + vault + "')");
    }
    final Field list = item.field(Engine.EXECUTABLES_POLICY_FIELD);
    if (list != null
        && !Engine.executablesAllow(
            new String(list.value(), java.nio.charset.StandardCharsets.UTF_8), executable)) {
      item.zero();
      throw new PersonaException(
          PersonaException.Category.DENIED,
          what + name + verb + " to " + executable + " (policy.executables)");
    }
    final Field policy = item.field(Engine.APPROVAL_POLICY_FIELD);
    final int own = policy == null ? 0 : Engine.approvalPolicyOf(policy.value());
    final int vaultOwn = vaultApproval(vault);
    final int effective = Engine.strictestApproval(own, vaultOwn);
    if (effective == Engine.POLICY_DENIED) {
      item.zero();
      throw new PersonaException(
          PersonaException.Category.DENIED,
          what
              + name
              + verb
              + " ("
              + (vaultOwn == Engine.POLICY_DENIED
                  ? "vault '" + vault + "' policy: deny"
                  : "policy.approval=deny")
              + ")");
    }
    return effective;
  }

  private static boolean revealsNothing(final ItemView item) {
    for (final Field field : item.fields()) {
      if (field.concealed()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String parkRead(final String operation, final ItemView item, final Resumption read) {
    final String name = item.name();
    final long rememberMs = KeyPolicy.rememberMsOf(item);
    item.zero();
    return park(operation, name, null, rememberMs, read);
  }

  /** Parks a ReadRefs request on the item its next concealed value needs allowed. */
  private String parkReadRefs(final ReadRefsHandler.Parked parked) {
    final ItemView item = engine.getItem(parked.vault(), parked.item());
    final String target = item == null ? parked.item() : item.name();
    final long rememberMs = item == null ? 0 : KeyPolicy.rememberMsOf(item);
    if (item != null) {
      item.zero();
    }
    return park(
        "ref.read",
        target,
        null,
        rememberMs,
        (channel, requestId) -> {
          final ReadRefsHandler.Parked next =
              readRefsHandler.resume(channel, requestId, parked.allowed(), responseProxy);
          return next == null ? target : parkReadRefs(next);
        });
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
    final AccessPolicy policy = vault.policy();
    final int executables =
        VaultPolicy.createAllowedExecutablesVector(
            builder, ItemCodec.strings(builder, policy.executables()));
    final int policyOffset =
        VaultPolicy.createVaultPolicy(builder, wireApproval(policy.approval()), executables);
    return dev.persona.schema.fb.VaultInfo.createVaultInfo(
        builder,
        builder.createString(vault.id()),
        builder.createString(vault.name()),
        vault.itemCount(),
        vault.createdMs(),
        policyOffset);
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

  /**
   * One page of an item listing: the summaries that fit in {@link #PAGE_BYTES}, and where the next
   * page starts when this one is full (by count or by size), so no listing outgrows a frame.
   */
  private void sendPage(
      final Channel channel,
      final long requestId,
      final FlatBufferBuilder builder,
      final List<ItemSummary> items,
      final int limit) {
    final int[] offsets = new int[items.size()];
    int written = 0;
    while (written < offsets.length && builder.offset() < PAGE_BYTES) {
      offsets[written] = ItemCodec.writeSummary(builder, items.get(written));
      written++;
    }
    final boolean full = written < items.size() || items.size() == limit;
    final int next = full && written > 0 ? builder.createString(items.get(written - 1).id()) : 0;
    final int body =
        ItemListResponse.createItemListResponse(
            builder,
            ItemListResponse.createItemsVector(builder, Arrays.copyOf(offsets, written)),
            next);
    responseProxy.sendBody(channel, requestId, ResponseBody.ItemListResponse, body);
  }

  /** The page size a client asked for: 0 or over {@link #MAX_PAGE_ITEMS} mean that many. */
  private static int pageLimit(final long asked) {
    return asked == 0 || asked > MAX_PAGE_ITEMS ? MAX_PAGE_ITEMS : (int) asked;
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
          RequestBody.VaultPolicyRequest,
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
