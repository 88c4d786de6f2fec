package dev.persona.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.flatbuffers.FlatBufferBuilder;
import com.google.flatbuffers.Table;
import dev.persona.schema.client.RequestWriter;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.client.SshPolicy;
import dev.persona.schema.client.VaultPolicyEntry;
import dev.persona.schema.fb.Ack;
import dev.persona.schema.fb.ApprovalDecideRequest;
import dev.persona.schema.fb.ApprovalInfo;
import dev.persona.schema.fb.ApprovalListRequest;
import dev.persona.schema.fb.ApprovalListResponse;
import dev.persona.schema.fb.ApprovalMode;
import dev.persona.schema.fb.AttachmentChunk;
import dev.persona.schema.fb.AttachmentDeleteRequest;
import dev.persona.schema.fb.AttachmentGetRequest;
import dev.persona.schema.fb.AttachmentInfo;
import dev.persona.schema.fb.AttachmentPutBegin;
import dev.persona.schema.fb.AttachmentPutBeginResponse;
import dev.persona.schema.fb.AttachmentPutChunk;
import dev.persona.schema.fb.AttachmentPutEnd;
import dev.persona.schema.fb.AttachmentResponse;
import dev.persona.schema.fb.AuditEvent;
import dev.persona.schema.fb.AuditTailRequest;
import dev.persona.schema.fb.AuditTailResponse;
import dev.persona.schema.fb.AuditVerifyRequest;
import dev.persona.schema.fb.AuditVerifyResponse;
import dev.persona.schema.fb.ChangePasswordRequest;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ErrorDetail;
import dev.persona.schema.fb.Field;
import dev.persona.schema.fb.GrantCreateRequest;
import dev.persona.schema.fb.Hello;
import dev.persona.schema.fb.InitRequest;
import dev.persona.schema.fb.Item;
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
import dev.persona.schema.fb.ItemType;
import dev.persona.schema.fb.ItemUpdateRequest;
import dev.persona.schema.fb.LockRequest;
import dev.persona.schema.fb.ReadRefsRequest;
import dev.persona.schema.fb.ReadRefsResponse;
import dev.persona.schema.fb.RefAttribute;
import dev.persona.schema.fb.RefSpec;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.Response;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.schema.fb.SearchKind;
import dev.persona.schema.fb.ShutdownRequest;
import dev.persona.schema.fb.SshDeleteRequest;
import dev.persona.schema.fb.SshExportPublicRequest;
import dev.persona.schema.fb.SshImportRequest;
import dev.persona.schema.fb.SshKeyResponse;
import dev.persona.schema.fb.SshKeyType;
import dev.persona.schema.fb.SshKeygenRequest;
import dev.persona.schema.fb.SshListRequest;
import dev.persona.schema.fb.SshListResponse;
import dev.persona.schema.fb.SshPolicyRequest;
import dev.persona.schema.fb.SshSignRequest;
import dev.persona.schema.fb.SshSignResponse;
import dev.persona.schema.fb.StatusRequest;
import dev.persona.schema.fb.StatusResponse;
import dev.persona.schema.fb.TokenIssueRequest;
import dev.persona.schema.fb.TokenIssueResponse;
import dev.persona.schema.fb.TokenListRequest;
import dev.persona.schema.fb.TokenListResponse;
import dev.persona.schema.fb.TokenRevokeRequest;
import dev.persona.schema.fb.TokenScope;
import dev.persona.schema.fb.UnlockRequest;
import dev.persona.schema.fb.UnlockResponse;
import dev.persona.schema.fb.VaultCreateRequest;
import dev.persona.schema.fb.VaultDeleteRequest;
import dev.persona.schema.fb.VaultInfo;
import dev.persona.schema.fb.VaultListRequest;
import dev.persona.schema.fb.VaultListResponse;
import dev.persona.schema.fb.VaultPolicy;
import dev.persona.schema.fb.VaultPolicyRequest;
import dev.persona.schema.fb.VaultRenameRequest;
import dev.persona.schema.fb.VaultResponse;
import dev.persona.schema.fb.Welcome;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A walk through the Persona RPC protocol, in the style of lmdbjava's TutorialTest: every message
 * type is built and read back here, with the reasoning in comments. Read it top to bottom next to
 * PROTOCOL.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProtocolTutorialTest {
  private final RequestWriter requests = new RequestWriter();
  private final ResponseWriter responses = new ResponseWriter();
  private final RequestReader reader = new RequestReader();
  private final MessageVerifier verifier = new MessageVerifier();

  private static byte[] utf8(final String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Step 1 of every receiver: strip the 4-byte little-endian length, refuse anything over 1 MiB,
   * verify, and only then decode. Returns the message (without prefix) as its own buffer.
   */
  private static ByteBuffer unframe(final ByteBuffer frame) {
    final long length = RpcFrameDescriptor.messageLength(frame, frame.position());
    assertTrue(RpcFrameDescriptor.isValidMessageLength(length));
    assertEquals(frame.remaining(), RpcFrameDescriptor.LENGTH_FIELD_LENGTH + length);
    final ByteBuffer message = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    message.put(
        frame.duplicate().position(frame.position() + RpcFrameDescriptor.LENGTH_FIELD_LENGTH));
    return message.flip();
  }

  /** What the daemon does with each inbound frame: verify, wrap, check the body type, decode. */
  private <T extends Table> T receive(final ByteBuffer frame, final byte bodyType, final T body) {
    final ByteBuffer message = unframe(frame);
    assertEquals(MessageVerifier.OK, reader.wrap(message, 0, message.limit()));
    assertEquals(RequestBody.name(bodyType), RequestBody.name(reader.bodyType()));
    return reader.body(body);
  }

  /** What the client does with each reply frame. */
  private Response reply(final ByteBuffer frame) {
    final ByteBuffer message = unframe(frame);
    assertEquals(MessageVerifier.OK, verifier.verifyResponse(message, 0, message.limit()));
    return Response.getRootAsResponse(message, new Response());
  }

  @Test
  @Order(1)
  void framingIsALengthPrefixThenAFlatBufferWithAFileIdentifier() {
    final ByteBuffer frame = requests.status(1);
    // The prefix counts the bytes after it; the builder writes it for us (finishSizePrefixed).
    final ByteBuffer le = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(frame.remaining() - 4, le.getInt(frame.position()));
    // Bytes 4..8 of the message (8..12 of the frame) are the file identifier: PRQ1 for requests.
    final byte[] id = new byte[4];
    frame.duplicate().position(frame.position() + 8).get(id);
    assertEquals(RpcFrameDescriptor.REQUEST_IDENTIFIER, new String(id, StandardCharsets.US_ASCII));
    // Responses carry PRS1, so a request can never be mistaken for a response or vice versa.
    final ByteBuffer message = unframe(responses.ack(1, null, 0));
    assertEquals(
        MessageVerifier.BAD_IDENTIFIER, verifier.verifyRequest(message, 0, message.limit()));
  }

  @Test
  @Order(2)
  void helloWelcomeNegotiatesTheHighestCommonVersion() {
    // The client opens with Hello{min, max, name}. Nothing else is accepted before it.
    final Hello hello =
        receive(requests.hello(1, 1, 3, "persona-cli/0.1"), RequestBody.Hello, new Hello());
    assertEquals("persona-cli/0.1", hello.clientName());
    // The daemon picks the highest version both speak...
    final int version = ResponseWriter.negotiateVersion(hello.minVersion(), hello.maxVersion());
    assertEquals(RpcFrameDescriptor.MAX_PROTOCOL_VERSION, version);
    // ...and answers Welcome with the version, its features and its own build version.
    final Response r =
        reply(responses.welcome(1, version, new CharSequence[] {"tokens", "pipelining"}, "0.1.0"));
    assertEquals(ErrorCode.OK, r.error());
    assertEquals(ResponseBody.Welcome, r.bodyType());
    final Welcome w = (Welcome) r.body(new Welcome());
    assertEquals(1, w.version());
    assertEquals("pipelining", w.features(1));
    assertEquals("0.1.0", w.daemonVersion());
    assertEquals(RpcFrameDescriptor.MAX_MESSAGE_LENGTH, w.maxFrameLength());
    // A client that only speaks versions 7..9 gets UNSUPPORTED_VERSION with the daemon's range, not
    // a hang.
    assertEquals(-1, ResponseWriter.negotiateVersion(7, 9));
    final Response refused = reply(responses.unsupportedVersion(1, 7, 9));
    assertEquals(ErrorCode.UNSUPPORTED_VERSION, refused.error());
    final ErrorDetail d = (ErrorDetail) refused.body(new ErrorDetail());
    assertEquals(1, d.minVersion());
    assertEquals(1, d.maxVersion());
  }

  @Test
  @Order(3)
  void errorsAreOneEnumWithAHumanMessageAndOptionalDetail() {
    final Response locked = reply(responses.error(9, ErrorCode.LOCKED, "vault is locked"));
    assertEquals(9, locked.requestId()); // every answer names the request it answers
    assertEquals("LOCKED", ErrorCode.name(locked.error()));
    assertEquals("vault is locked", locked.message());
    assertEquals(ResponseBody.NONE, locked.bodyType());
    // CONFLICT tells the caller which revision won; BAD_INPUT names the field; APPROVAL_REQUIRED an
    // id.
    final Response conflict =
        reply(
            responses.errorDetail(
                10, ErrorCode.CONFLICT, "item changed", "revision", 8, "ap-1", 0));
    final ErrorDetail d = (ErrorDetail) conflict.body(new ErrorDetail());
    assertEquals(8, d.currentRevision());
    assertEquals("revision", d.field());
    assertEquals("ap-1", d.approvalId());
  }

  @Test
  @Order(4)
  void lifecycleStatusInitUnlockLockChangePassword() {
    receive(requests.status(2), RequestBody.StatusRequest, new StatusRequest());
    final Response status =
        reply(
            responses.status(
                2,
                true,
                false,
                "0.1.0",
                "/run/p.sock",
                "/run/a.sock",
                "/home/.persona",
                1,
                5,
                6,
                4242));
    final StatusResponse s = (StatusResponse) status.body(new StatusResponse());
    assertFalse(s.locked());
    assertEquals("/run/a.sock", s.agentSocket());
    assertEquals(4242, s.pid()); // `persona daemon status` shows it

    // Passwords travel as [ubyte] (UTF-8), never as string, so both ends can zero them.
    final InitRequest init =
        receive(
            requests.init(3, utf8("pw"), "Personal", 0, 0, 0),
            RequestBody.InitRequest,
            new InitRequest());
    assertEquals(2, init.passwordLength());
    assertEquals("Personal", init.firstVault());
    assertEquals(0, init.kdfMemoryKib()); // 0 = let the daemon calibrate
    final Ack ack = (Ack) reply(responses.ack(3, "vault-1", 0)).body(new Ack());
    assertEquals("vault-1", ack.id());

    // Unlock may ask for a scoped session token, returned as bytes exactly once.
    final UnlockRequest unlock =
        receive(
            requests.unlock(4, utf8("pw"), true, TokenScope.READ_ONLY, "Personal", 60_000, 30_000),
            RequestBody.UnlockRequest,
            new UnlockRequest());
    assertTrue(unlock.issueToken());
    assertEquals(TokenScope.READ_ONLY, unlock.tokenScope());
    assertEquals(30_000, unlock.tokenIdleMs()); // unused this long, the token dies
    final UnlockResponse unlocked =
        (UnlockResponse)
            reply(responses.unlock(4, new byte[] {1, 2}, "tok-1", 99, 100))
                .body(new UnlockResponse());
    assertEquals(2, unlocked.tokenLength());
    assertEquals(100, unlocked.lockAtMs());

    receive(requests.lock(5), RequestBody.LockRequest, new LockRequest());
    final ChangePasswordRequest change =
        receive(
            requests.changePassword(6, utf8("old"), utf8("new!")),
            RequestBody.ChangePasswordRequest,
            new ChangePasswordRequest());
    assertEquals(3, change.oldPasswordLength());
    assertEquals(4, change.newPasswordLength());
  }

  @Test
  @Order(5)
  void sessionTokensRideOnTheEnvelope() {
    // With require_token, every request but Hello/Status/Unlock carries the token in Request.token.
    requests.token(new byte[] {7, 7, 7});
    receive(requests.vaultList(1), RequestBody.VaultListRequest, new VaultListRequest());
    assertEquals(3, reader.token().remaining());
    requests.token(null);
    receive(requests.vaultList(2), RequestBody.VaultListRequest, new VaultListRequest());
    assertNull(reader.token());
  }

  @Test
  @Order(6)
  void vaults() {
    receive(requests.vaultList(1), RequestBody.VaultListRequest, new VaultListRequest());
    FlatBufferBuilder b = responses.begin();
    // policy 0 (absent): the vault's own policy is allow, any executable.
    final int v =
        VaultInfo.createVaultInfo(b, b.createString("v-1"), b.createString("Personal"), 3, 1, 0);
    final VaultListResponse list =
        (VaultListResponse)
            reply(
                    responses.ok(
                        1,
                        ResponseBody.VaultListResponse,
                        VaultListResponse.createVaultListResponse(
                            b, VaultListResponse.createVaultsVector(b, new int[] {v}))))
                .body(new VaultListResponse());
    assertEquals("Personal", list.vaults(0).name());
    assertEquals(3, list.vaults(0).itemCount());
    assertNull(list.vaults(0).policy());

    assertEquals(
        "Work",
        receive(
                requests.vaultCreate(2, "Work"),
                RequestBody.VaultCreateRequest,
                new VaultCreateRequest())
            .name());
    final VaultRenameRequest rename =
        receive(
            requests.vaultRename(3, "Work", "Job"),
            RequestBody.VaultRenameRequest,
            new VaultRenameRequest());
    assertEquals("Job", rename.newName());
    assertTrue(
        receive(
                requests.vaultDelete(4, "Job", true),
                RequestBody.VaultDeleteRequest,
                new VaultDeleteRequest())
            .force());
    // A vault's own policy: every item and key in it gets the stricter of this and its own. With
    // set=false the request only reads it; loosening it waits for approval like an ask item.
    final VaultPolicyRequest policy =
        receive(
            requests.vaultPolicy(
                5, "Job", new VaultPolicyEntry(ApprovalMode.ASK, List.of("/bin/x"))),
            RequestBody.VaultPolicyRequest,
            new VaultPolicyRequest());
    assertTrue(policy.set());
    assertEquals(ApprovalMode.ASK, policy.policy().approval());
    assertEquals("/bin/x", policy.policy().allowedExecutables(0));
    assertFalse(
        receive(
                requests.vaultPolicy(6, "Job", null),
                RequestBody.VaultPolicyRequest,
                new VaultPolicyRequest())
            .set());
    b = responses.begin();
    final int exes =
        VaultPolicy.createAllowedExecutablesVector(b, new int[] {b.createString("/bin/x")});
    final int p = VaultPolicy.createVaultPolicy(b, ApprovalMode.ASK, exes);
    final int v2 =
        VaultInfo.createVaultInfo(b, b.createString("v-2"), b.createString("Job"), 0, 2, p);
    final VaultResponse one =
        (VaultResponse)
            reply(
                    responses.ok(
                        5, ResponseBody.VaultResponse, VaultResponse.createVaultResponse(b, v2)))
                .body(new VaultResponse());
    assertEquals("Job", one.vault().name());
    assertEquals(ApprovalMode.ASK, one.vault().policy().approval());
  }

  @Test
  @Order(7)
  void itemsCreateGetUpdateTrashRestorePurge() {
    // An item: name, type, fields (name, value bytes, concealed), urls, tags. The daemon assigns
    // id/revision.
    final ItemCreateRequest create =
        receive(
            requests.itemCreate(1, "Personal", SampleMessages.sampleItem()),
            RequestBody.ItemCreateRequest,
            new ItemCreateRequest());
    final Item item = create.item();
    assertEquals("github ☃", item.name());
    assertEquals(ItemType.LOGIN, item.type());
    final Field password = item.fields(1);
    assertTrue(password.concealed());
    // Values are read as bytes, in place: valueAsByteBuffer() / valueInByteBuffer(view), never a
    // String.
    final ByteBuffer value = password.valueAsByteBuffer();
    final byte[] bytes = new byte[value.remaining()];
    value.get(bytes);
    assertArrayEquals(utf8("hunter2"), bytes);
    assertEquals("dev", item.tags(0));
    assertEquals("https://github.com/login", item.urls(0));

    // get: by id or name; reveal=false omits values.
    final ItemGetRequest get =
        receive(
            requests.itemGet(2, "Personal", "github", false),
            RequestBody.ItemGetRequest,
            new ItemGetRequest());
    assertFalse(get.reveal());
    final FlatBufferBuilder b = responses.begin();
    final int stored = SampleMessages.item(b, true);
    final ItemResponse got =
        (ItemResponse)
            reply(
                    responses.ok(
                        2, ResponseBody.ItemResponse, ItemResponse.createItemResponse(b, stored)))
                .body(new ItemResponse());
    assertEquals(3, got.item().revision());
    assertEquals("notes.txt", got.item().attachments(0).name());

    // update carries the revision the caller last saw: a stale one gets CONFLICT (see step 3).
    final ItemUpdateRequest update =
        receive(
            requests.itemUpdate(3, "Personal", SampleMessages.sampleItem(), 3),
            RequestBody.ItemUpdateRequest,
            new ItemUpdateRequest());
    assertEquals(3, update.expectedRevision());

    assertEquals(
        "github",
        receive(
                requests.itemTrash(4, "Personal", "github"),
                RequestBody.ItemTrashRequest,
                new ItemTrashRequest())
            .item());
    assertEquals(
        "github",
        receive(
                requests.itemRestore(5, "Personal", "github"),
                RequestBody.ItemRestoreRequest,
                new ItemRestoreRequest())
            .item());
    assertEquals(
        "github",
        receive(
                requests.itemPurge(6, "Personal", "github"),
                RequestBody.ItemPurgeRequest,
                new ItemPurgeRequest())
            .item());
    // Trash/restore/purge answer Ack{id, revision}.
    final Ack ack = (Ack) reply(responses.ack(4, "it-1", 4)).body(new Ack());
    assertEquals(4, ack.revision());
  }

  @Test
  @Order(8)
  void itemsListSearchHistoryRestoreRevision() {
    final ItemListRequest list =
        receive(
            requests.itemList(1, "Personal", false, 50, null),
            RequestBody.ItemListRequest,
            new ItemListRequest());
    assertEquals(50, list.limit());
    // Search kinds: NAME, TAG, URL_HOST, SSH_FINGERPRINT (blind indexes in the engine).
    final ItemSearchRequest search =
        receive(
            requests.itemSearch(2, null, SearchKind.URL_HOST, "github.com", 10),
            RequestBody.ItemSearchRequest,
            new ItemSearchRequest());
    assertEquals(SearchKind.URL_HOST, search.kind());
    assertNull(search.vault()); // absent vault = all vaults
    FlatBufferBuilder b = responses.begin();
    final int summary = SampleMessages.item(b, false); // listings never carry values
    final int items = ItemListResponse.createItemsVector(b, new int[] {summary});
    final ItemListResponse page =
        (ItemListResponse)
            reply(
                    responses.ok(
                        2,
                        ResponseBody.ItemListResponse,
                        ItemListResponse.createItemListResponse(b, items, 0)))
                .body(new ItemListResponse());
    assertEquals(0, page.items(0).fields(0).valueLength());
    assertNull(page.nextAfterId()); // no more pages

    receive(
        requests.itemHistory(3, "Personal", "github"),
        RequestBody.ItemHistoryRequest,
        new ItemHistoryRequest());
    b = responses.begin();
    final int r1 = ItemRevision.createItemRevision(b, 1, 10, false);
    final ItemHistoryResponse history =
        (ItemHistoryResponse)
            reply(
                    responses.ok(
                        3,
                        ResponseBody.ItemHistoryResponse,
                        ItemHistoryResponse.createItemHistoryResponse(
                            b, ItemHistoryResponse.createRevisionsVector(b, new int[] {r1}))))
                .body(new ItemHistoryResponse());
    assertEquals(1, history.revisions(0).revision());
    final ItemRestoreRevisionRequest restore =
        receive(
            requests.itemRestoreRevision(4, "Personal", "github", 1, 3),
            RequestBody.ItemRestoreRevisionRequest,
            new ItemRestoreRevisionRequest());
    assertEquals(1, restore.revision());
    assertEquals(3, restore.expectedRevision());
  }

  @Test
  @Order(9)
  void readBySecretReferenceManyAtOnce() {
    // The client parses persona://vault/item/field[?attribute=totp] (percent-decoding each segment)
    // and
    // sends the parts, so the daemon never parses URLs.
    final ReadRefsRequest refs =
        receive(
            requests.readRefs(
                1,
                List.of(
                    SecretRef.parse("persona://Personal/github/password"),
                    SecretRef.parse("persona://Personal/github/otp?attribute=totp"))),
            RequestBody.ReadRefsRequest,
            new ReadRefsRequest());
    assertEquals(2, refs.refsLength());
    final RefSpec second = reader.refSpec(1); // one reused RefSpec: no allocation per reference
    assertEquals("otp", second.field());
    assertEquals(RefAttribute.TOTP, second.attribute());
    // The answer has one result per reference, in order, each with its own error code.
    responses.beginReadRefs();
    responses.addRefValue(utf8("hunter2"), 0, 7);
    responses.addRefError(ErrorCode.NOT_FOUND);
    final ReadRefsResponse values =
        (ReadRefsResponse) reply(responses.endReadRefs(1)).body(new ReadRefsResponse());
    assertEquals(ErrorCode.OK, values.results(0).error());
    assertEquals(7, values.results(0).valueLength());
    assertEquals(ErrorCode.NOT_FOUND, values.results(1).error());
    responses.wipe(); // the builder held a secret: zero it once the frame is sent
  }

  @Test
  @Order(10)
  void attachmentsTravelInChunks() {
    final AttachmentPutBegin begin =
        receive(
            requests.attachmentPutBegin(1, "Personal", "github", "a.txt", "text/plain", 5),
            RequestBody.AttachmentPutBegin,
            new AttachmentPutBegin());
    assertEquals(5, begin.totalLength());
    FlatBufferBuilder b = responses.begin();
    final AttachmentPutBeginResponse upload =
        (AttachmentPutBeginResponse)
            reply(
                    responses.ok(
                        1,
                        ResponseBody.AttachmentPutBeginResponse,
                        AttachmentPutBeginResponse.createAttachmentPutBeginResponse(b, 7, 65_536)))
                .body(new AttachmentPutBeginResponse());
    assertEquals(7, upload.uploadId());
    final AttachmentPutChunk chunk =
        receive(
            requests.attachmentPutChunk(2, 7, 0, new byte[] {1, 2, 3, 4, 5}, 0, 5),
            RequestBody.AttachmentPutChunk,
            new AttachmentPutChunk());
    assertEquals(5, chunk.dataLength());
    final AttachmentPutEnd end =
        receive(
            requests.attachmentPutEnd(3, 7, new byte[32]),
            RequestBody.AttachmentPutEnd,
            new AttachmentPutEnd());
    assertEquals(32, end.sha256Length());
    b = responses.begin();
    final int info =
        AttachmentInfo.createAttachmentInfo(
            b,
            b.createString("att-1"),
            b.createString("a.txt"),
            5,
            b.createByteVector(new byte[32]),
            0,
            1);
    final AttachmentResponse stored =
        (AttachmentResponse)
            reply(
                    responses.ok(
                        3,
                        ResponseBody.AttachmentResponse,
                        AttachmentResponse.createAttachmentResponse(b, info)))
                .body(new AttachmentResponse());
    assertEquals("att-1", stored.attachment().id());

    final AttachmentGetRequest get =
        receive(
            requests.attachmentGet(4, "Personal", "github", "a.txt", 0, 65_536),
            RequestBody.AttachmentGetRequest,
            new AttachmentGetRequest());
    assertEquals(65_536, get.maxLength());
    b = responses.begin();
    final int data = b.createByteVector(new byte[] {1, 2, 3, 4, 5});
    final AttachmentChunk got =
        (AttachmentChunk)
            reply(
                    responses.ok(
                        4,
                        ResponseBody.AttachmentChunk,
                        AttachmentChunk.createAttachmentChunk(b, 0, 5, data, true)))
                .body(new AttachmentChunk());
    assertTrue(got.eof());
    assertEquals(
        "a.txt",
        receive(
                requests.attachmentDelete(5, "Personal", "github", "a.txt"),
                RequestBody.AttachmentDeleteRequest,
                new AttachmentDeleteRequest())
            .attachment());
  }

  @Test
  @Order(11)
  void sshKeys() {
    final SshKeygenRequest keygen =
        receive(
            requests.sshKeygen(1, "deploy", SshKeyType.RSA, 4096, "Personal", "ci"),
            RequestBody.SshKeygenRequest,
            new SshKeygenRequest());
    assertEquals(SshKeyType.RSA, keygen.type());
    assertEquals(4096, keygen.bits());
    // Import sends the key file's bytes and an optional passphrase, both [ubyte].
    final SshImportRequest imported =
        receive(
            requests.sshImport(2, "legacy", null, utf8("-----BEGIN"), null, null),
            RequestBody.SshImportRequest,
            new SshImportRequest());
    assertEquals(10, imported.privateKeyLength());
    assertEquals(0, imported.passphraseLength());
    FlatBufferBuilder b = responses.begin();
    final SshKeyResponse key =
        (SshKeyResponse)
            reply(
                    responses.ok(
                        1,
                        ResponseBody.SshKeyResponse,
                        SshKeyResponse.createSshKeyResponse(b, SampleMessages.sshKey(b))))
                .body(new SshKeyResponse());
    assertTrue(key.key().fingerprint().startsWith("SHA256:"));
    assertEquals(ApprovalMode.ASK, key.key().policy().approval());

    receive(requests.sshList(3, null), RequestBody.SshListRequest, new SshListRequest());
    b = responses.begin();
    final int k = SampleMessages.sshKey(b);
    final SshListResponse list =
        (SshListResponse)
            reply(
                    responses.ok(
                        3,
                        ResponseBody.SshListResponse,
                        SshListResponse.createSshListResponse(
                            b, SshListResponse.createKeysVector(b, new int[] {k}))))
                .body(new SshListResponse());
    assertEquals("deploy", list.keys(0).name());
    assertEquals(
        "deploy",
        receive(
                requests.sshExportPublic(4, "deploy"),
                RequestBody.SshExportPublicRequest,
                new SshExportPublicRequest())
            .key());
    assertEquals(
        "deploy",
        receive(
                requests.sshDelete(5, "deploy"),
                RequestBody.SshDeleteRequest,
                new SshDeleteRequest())
            .key());
    final SshPolicyRequest policy =
        receive(
            requests.sshPolicy(
                6,
                "deploy",
                new SshPolicy(ApprovalMode.ASK, List.of("/usr/bin/git"), List.of(), 0)),
            RequestBody.SshPolicyRequest,
            new SshPolicyRequest());
    assertTrue(policy.set());
    assertEquals("/usr/bin/git", policy.policy().allowedExecutables(0));
    // Signing over RPC (the agent socket is the usual path) answers the raw signature bytes.
    final SshSignRequest sign =
        receive(
            requests.sshSign(7, new byte[51], new byte[64], 4),
            RequestBody.SshSignRequest,
            new SshSignRequest());
    assertEquals(4, sign.flags());
    final SshSignResponse signature =
        (SshSignResponse)
            reply(responses.sshSignature(7, new byte[83], 0, 83)).body(new SshSignResponse());
    assertEquals(83, signature.signatureLength());
  }

  @Test
  @Order(12)
  void auditAndTokens() {
    final AuditTailRequest tail =
        receive(
            requests.auditTail(1, 41, 100), RequestBody.AuditTailRequest, new AuditTailRequest());
    assertEquals(41, tail.afterSequence());
    FlatBufferBuilder b = responses.begin();
    final int e =
        AuditEvent.createAuditEvent(
            b,
            42,
            1,
            1000,
            4242,
            b.createString("/usr/bin/git"),
            b.createString("ssh.sign"),
            0,
            ErrorCode.OK,
            0);
    final AuditTailResponse events =
        (AuditTailResponse)
            reply(
                    responses.ok(
                        1,
                        ResponseBody.AuditTailResponse,
                        AuditTailResponse.createAuditTailResponse(
                            b, AuditTailResponse.createEventsVector(b, new int[] {e}), 42)))
                .body(new AuditTailResponse());
    assertEquals("/usr/bin/git", events.events(0).executable());
    receive(requests.auditVerify(2), RequestBody.AuditVerifyRequest, new AuditVerifyRequest());
    b = responses.begin();
    final AuditVerifyResponse verified =
        (AuditVerifyResponse)
            reply(
                    responses.ok(
                        2,
                        ResponseBody.AuditVerifyResponse,
                        AuditVerifyResponse.createAuditVerifyResponse(
                            b, false, 10, 7, b.createString("hash mismatch"))))
                .body(new AuditVerifyResponse());
    assertEquals(7, verified.firstBadSequence());

    final TokenIssueRequest issue =
        receive(
            requests.tokenIssue(3, TokenScope.SSH_ONLY, null, 3_600_000, 600_000),
            RequestBody.TokenIssueRequest,
            new TokenIssueRequest());
    assertEquals(TokenScope.SSH_ONLY, issue.scope());
    b = responses.begin();
    final int secret = b.createByteVector(new byte[] {1, 2, 3});
    final int info = SampleMessages.token(b);
    final TokenIssueResponse issued =
        (TokenIssueResponse)
            reply(
                    responses.ok(
                        3,
                        ResponseBody.TokenIssueResponse,
                        TokenIssueResponse.createTokenIssueResponse(b, secret, info)))
                .body(new TokenIssueResponse());
    assertEquals(3, issued.tokenLength());
    assertEquals("tok-1", issued.info().id());
    assertTrue(
        receive(
                requests.tokenRevoke(4, null, true),
                RequestBody.TokenRevokeRequest,
                new TokenRevokeRequest())
            .all());
    receive(requests.tokenList(5), RequestBody.TokenListRequest, new TokenListRequest());
    b = responses.begin();
    final int t = SampleMessages.token(b);
    final TokenListResponse tokens =
        (TokenListResponse)
            reply(
                    responses.ok(
                        5,
                        ResponseBody.TokenListResponse,
                        TokenListResponse.createTokenListResponse(
                            b, TokenListResponse.createTokensVector(b, new int[] {t}))))
                .body(new TokenListResponse());
    assertEquals(TokenScope.READ_ONLY, tokens.tokens(0).scope()); // metadata only, never the token
  }

  @Test
  @Order(13)
  void approvalsGrantsAndShutdown() {
    // A request the policy says "ask" about fails with APPROVAL_REQUIRED + ErrorDetail.approval_id;
    // another
    // terminal lists pending approvals and decides one.
    receive(requests.approvalList(1), RequestBody.ApprovalListRequest, new ApprovalListRequest());
    final FlatBufferBuilder b = responses.begin();
    final int a =
        ApprovalInfo.createApprovalInfo(
            b,
            b.createString("ap-1"),
            b.createString("ssh.sign"),
            b.createString("deploy"),
            b.createString("/usr/bin/git"),
            4242,
            1000,
            1,
            2);
    final ApprovalListResponse pending =
        (ApprovalListResponse)
            reply(
                    responses.ok(
                        1,
                        ResponseBody.ApprovalListResponse,
                        ApprovalListResponse.createApprovalListResponse(
                            b, ApprovalListResponse.createApprovalsVector(b, new int[] {a}))))
                .body(new ApprovalListResponse());
    assertEquals("/usr/bin/git", pending.approvals(0).executable());
    final ApprovalDecideRequest decide =
        receive(
            requests.approvalDecide(2, "ap-1", true, 3_600_000),
            RequestBody.ApprovalDecideRequest,
            new ApprovalDecideRequest());
    assertTrue(decide.allow());
    assertEquals(3_600_000, decide.rememberMs());
    // CI grants: this executable may use this key for 8 hours without asking.
    final GrantCreateRequest grant =
        receive(
            requests.grantCreate(3, "deploy", "/usr/bin/git", 8 * 3_600_000L),
            RequestBody.GrantCreateRequest,
            new GrantCreateRequest());
    assertEquals("deploy", grant.target());
    receive(requests.shutdown(4), RequestBody.ShutdownRequest, new ShutdownRequest());
  }

  @Test
  @Order(14)
  void unknownOperationsAndGarbageAreValuesNotCrashes() {
    // A newer client may send a body type this daemon does not know: UNKNOWN_BODY_TYPE -> answer
    // UNSUPPORTED_OPERATION. Anything else that fails verification -> answer MALFORMED.
    final ByteBuffer message = unframe(requests.status(1));
    final ByteBuffer le = message.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    final int root = le.getInt(0);
    final int vtable = root - le.getInt(root);
    final int typeOffset = le.getShort(vtable + 4 + 2 * 2);
    message.put(root + typeOffset, (byte) 250);
    assertEquals(MessageVerifier.UNKNOWN_BODY_TYPE, reader.wrap(message, 0, message.limit()));
    assertEquals(
        1, reader.requestId()); // the envelope verified, so the answer can name the request
    final Response unsupported =
        reply(
            responses.error(
                reader.requestId(), ErrorCode.UNSUPPORTED_OPERATION, "unknown operation"));
    assertEquals(1, unsupported.requestId());
    message.put(root + typeOffset, RequestBody.StatusRequest);
    message.putInt(0, 1 << 30); // root offset far outside the message
    assertEquals(MessageVerifier.OUT_OF_BOUNDS, reader.wrap(message, 0, message.limit()));
    // Its id is unreadable: the daemon answers with request id 0, which clients treat as
    // connection-level.
    assertEquals(0, reply(responses.error(0, ErrorCode.MALFORMED, "out of bounds")).requestId());
  }
}
