package dev.persona.schema.client;

import dev.persona.schema.MessageVerifier;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.TokenScope;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Blocking client of {@code personad}'s RPC socket, used by the CLI, the Native Messaging host and
 * SDK users. It connects over a Unix-domain socket (no Netty: a small JNI transport when the
 * launcher provides it, else the JDK's {@code SocketChannel}; see {@link #transportName()}),
 * performs Hello/Welcome, then offers one typed method per operation. Every reply is bounds-checked
 * by {@link MessageVerifier} before it is read.
 *
 * <p>Pipelining: {@link #send(ByteBuffer)} frames from {@link #requestWriter()} (ids from {@link
 * #nextRequestId()}), then {@link #await(long)} each id in any order; replies that arrive for other
 * ids are kept until awaited. Errors surface as {@link DaemonNotRunningException}, {@link
 * VaultLockedException}, {@link AccessDeniedException} or {@link PersonaClientException}, each
 * carrying the {@link ErrorCode}.
 *
 * <p>Not thread-safe: one client per thread. Passwords arrive as {@code char[]} and are encoded
 * into arrays that are zeroed after sending, as is the encode buffer.
 */
public final class PersonaClient implements AutoCloseable {
  private final String socketPath;
  private final ClientSocket channel;
  private final RequestWriter writer = new RequestWriter();
  private final MessageVerifier verifier = new MessageVerifier();
  private final ByteBuffer header = ByteBuffer.allocate(RpcFrameDescriptor.LENGTH_FIELD_LENGTH);
  private final HashMap<Long, Reply> early = new HashMap<>();
  private long nextRequestId = 1;
  private long helloId;
  private ServerInfo server;

  private PersonaClient(final String socketPath, final ClientSocket channel) {
    this.socketPath = socketPath;
    this.channel = channel;
  }

  /** Connects to the socket that {@link PersonaPaths#fromEnvironment()} names. */
  public static PersonaClient connect(final String clientName) {
    return connect(PersonaPaths.fromEnvironment().rpcSocket(), clientName);
  }

  /**
   * Connects and negotiates the protocol version.
   *
   * @throws DaemonNotRunningException when nothing listens on {@code socketPath}
   * @throws PersonaClientException UNSUPPORTED_VERSION when the daemon speaks no common version
   */
  public static PersonaClient connect(final Path socketPath, final String clientName) {
    final PersonaClient client = connectPipelined(socketPath, clientName);
    client.serverInfo();
    return client;
  }

  /**
   * Connects and sends Hello without waiting for the Welcome, which is read with the first reply
   * awaited: a one-shot client (a CLI call) saves a round trip. Version errors then surface from
   * that first call, and close the client.
   *
   * @throws DaemonNotRunningException when nothing listens on {@code socketPath}
   */
  public static PersonaClient connectPipelined(final Path socketPath, final String clientName) {
    return connectPipelined(socketPath.toString(), clientName);
  }

  /**
   * {@link #connectPipelined(Path, String)} for a socket path given as a string ({@link
   * PersonaPaths#rpcSocketPathname()}): a CLI call that makes no {@link Path} never initialises the
   * NIO file system.
   */
  public static PersonaClient connectPipelined(final String socketPath, final String clientName) {
    PersonaPaths.checkSunPath(socketPath);
    final ClientSocket channel;
    try {
      channel = ClientSocket.connect(socketPath);
    } catch (final ConnectException e) {
      // Missing file, refused connection, stale socket file: all mean "not running".
      throw new DaemonNotRunningException(socketPath, e);
    } catch (final IOException e) {
      throw new PersonaClientException(
          ErrorCode.INTERNAL, "cannot open a Unix socket: reason=" + e.getMessage(), e);
    }
    final PersonaClient client = new PersonaClient(socketPath, channel);
    client.helloId = client.nextRequestId();
    try {
      client.send(
          client.writer.hello(
              client.helloId,
              RpcFrameDescriptor.MIN_PROTOCOL_VERSION,
              RpcFrameDescriptor.MAX_PROTOCOL_VERSION,
              clientName));
    } catch (final RuntimeException e) {
      client.close();
      throw e;
    }
    return client;
  }

  /** The transport connections of this process use: "native" (JNI) or "jdk" (SocketChannel). */
  public static String transportName() {
    return ClientSocket.transportName();
  }

  /** Why this process does not use the native transport, or null when it does. */
  public static String nativeTransportUnavailableReason() {
    return NativeUnixSocket.unavailableReason();
  }

  private void completeHandshake() {
    final long id = helloId;
    helloId = 0;
    final Reply reply;
    try {
      reply = awaitReply(id);
      if (reply.errorCode() == ErrorCode.UNSUPPORTED_VERSION) {
        throw new PersonaClientException(
            ErrorCode.UNSUPPORTED_VERSION,
            "daemon and client share no protocol version: client speaks "
                + RpcFrameDescriptor.MIN_PROTOCOL_VERSION
                + ".."
                + RpcFrameDescriptor.MAX_PROTOCOL_VERSION
                + "; daemon said: "
                + reply.message());
      }
    } catch (final RuntimeException e) {
      close();
      throw e;
    }
    server = reply.welcome();
  }

  /** The daemon's Welcome (read now if it has not been yet). */
  public ServerInfo serverInfo() {
    if (helloId != 0) {
      completeHandshake();
    }
    return server;
  }

  /** The socket this client is connected to. */
  public Path socketPath() {
    return Path.of(socketPath);
  }

  /**
   * Sends an access token with every following request (null to stop): the bytes an unlock or token
   * issue returned, or the ASCII text of one (as {@code PERSONA_TOKEN} holds it). Kept by
   * reference, so the caller may zero it after {@link #close()}.
   */
  public void useToken(final byte[] token) {
    writer.token(token);
  }

  // ---- Pipelining primitives ----

  /** The encoder for {@link #send(ByteBuffer)}; its frames are valid until its next call. */
  public RequestWriter requestWriter() {
    return writer;
  }

  /**
   * A fresh request id for this connection (never 0, which PROTOCOL.md reserves for undecodable
   * requests).
   */
  public long nextRequestId() {
    return nextRequestId++;
  }

  /** Writes one frame completely. */
  public void send(final ByteBuffer frame) {
    try {
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    } catch (final IOException e) {
      if (helloId != 0) {
        // A daemon that refused the pipelined Hello may hang up before this request arrives; its
        // answer to the Hello is still readable and says why (e.g. no common protocol version).
        completeHandshake();
      }
      throw connectionLost(e);
    }
  }

  /**
   * Returns the reply to {@code requestId}, reading (and keeping) replies to other ids that arrive
   * first.
   *
   * @throws PersonaClientException MALFORMED or TOO_LARGE when the daemon sends a bad frame (the
   *     client is then closed)
   */
  public Reply await(final long requestId) {
    if (helloId != 0) {
      completeHandshake();
    }
    return awaitReply(requestId);
  }

  private Reply awaitReply(final long requestId) {
    final Reply kept = early.remove(requestId);
    if (kept != null) {
      return kept;
    }
    while (true) {
      final Reply reply = readReply();
      if (reply.requestId() == requestId) {
        return reply;
      }
      if (reply.requestId() == 0 && reply.errorCode() != ErrorCode.OK) {
        // Id 0 is the daemon's answer to a request it could not decode: it concerns the connection.
        reply.throwIfError();
      }
      early.put(reply.requestId(), reply);
    }
  }

  private Reply readReply() {
    header.clear();
    readFully(header);
    final long length = RpcFrameDescriptor.messageLength(header, 0);
    if (!RpcFrameDescriptor.isValidMessageLength(length)) {
      close();
      throw new PersonaClientException(
          length > RpcFrameDescriptor.MAX_MESSAGE_LENGTH
              ? ErrorCode.TOO_LARGE
              : ErrorCode.MALFORMED,
          "daemon sent a frame of invalid length: messageLength="
              + length
              + " max="
              + RpcFrameDescriptor.MAX_MESSAGE_LENGTH
              + " socket="
              + socketPath);
    }
    final ByteBuffer message = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    readFully(message);
    message.flip();
    final int verdict = verifier.verifyResponse(message, 0, message.limit());
    if (verdict != MessageVerifier.OK) {
      close();
      throw new PersonaClientException(
          ErrorCode.MALFORMED,
          "daemon sent a malformed response: reason="
              + MessageVerifier.describe(verdict)
              + " offset="
              + verifier.errorOffset()
              + " socket="
              + socketPath);
    }
    return new Reply(message);
  }

  private void readFully(final ByteBuffer buffer) {
    try {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          close();
          throw new PersonaClientException(
              ErrorCode.INTERNAL, "daemon closed the connection: socket=" + socketPath);
        }
      }
    } catch (final IOException e) {
      throw connectionLost(e);
    }
  }

  private PersonaClientException connectionLost(final IOException e) {
    close();
    return new PersonaClientException(
        ErrorCode.INTERNAL,
        "connection to daemon lost: socket=" + socketPath + " reason=" + e.getMessage(),
        e);
  }

  private Reply roundTrip(final long requestId, final ByteBuffer frame) {
    send(frame);
    return await(requestId);
  }

  private Reply roundTripSecret(final long requestId, final ByteBuffer frame) {
    try {
      send(frame);
    } finally {
      writer.wipe();
    }
    return await(requestId);
  }

  // ---- Typed operations ----

  public DaemonStatus status() {
    final long id = nextRequestId();
    return roundTrip(id, writer.status(id)).status();
  }

  /** Creates the workspace with a first vault; KDF parameters 0 mean "calibrate". */
  public Acknowledgement init(
      final char[] password,
      final String firstVault,
      final int kdfMemoryKib,
      final int kdfIterations,
      final int kdfParallelism) {
    final byte[] utf8 = utf8(password);
    try {
      final long id = nextRequestId();
      return roundTripSecret(
              id, writer.init(id, utf8, firstVault, kdfMemoryKib, kdfIterations, kdfParallelism))
          .ack();
    } finally {
      Arrays.fill(utf8, (byte) 0);
    }
  }

  public UnlockResult unlock(final char[] password) {
    return unlock(password, false, TokenScope.FULL, null, 0, 0);
  }

  /**
   * Unlocks and, when {@code issueToken}, asks for a scoped access token: {@code tokenScope} is a
   * {@link TokenScope} value, {@code tokenVault} limits it to one vault (null: all), and a ttl or
   * idle time of 0 takes the daemon's default.
   */
  public UnlockResult unlock(
      final char[] password,
      final boolean issueToken,
      final int tokenScope,
      final String tokenVault,
      final long tokenTtlMs,
      final long tokenIdleMs) {
    final byte[] utf8 = utf8(password);
    try {
      final long id = nextRequestId();
      final Reply reply =
          roundTripSecret(
              id,
              writer.unlock(id, utf8, issueToken, tokenScope, tokenVault, tokenTtlMs, tokenIdleMs));
      final UnlockResult result = reply.unlock();
      reply.wipe();
      return result;
    } finally {
      Arrays.fill(utf8, (byte) 0);
    }
  }

  public void lock() {
    final long id = nextRequestId();
    roundTrip(id, writer.lock(id)).throwIfError();
  }

  public void changePassword(final char[] oldPassword, final char[] newPassword) {
    final byte[] oldUtf8 = utf8(oldPassword);
    final byte[] newUtf8 = utf8(newPassword);
    try {
      final long id = nextRequestId();
      roundTripSecret(id, writer.changePassword(id, oldUtf8, newUtf8)).throwIfError();
    } finally {
      Arrays.fill(oldUtf8, (byte) 0);
      Arrays.fill(newUtf8, (byte) 0);
    }
  }

  public List<VaultEntry> listVaults() {
    final long id = nextRequestId();
    return roundTrip(id, writer.vaultList(id)).vaults();
  }

  public VaultEntry createVault(final String name) {
    final long id = nextRequestId();
    return roundTrip(id, writer.vaultCreate(id, name)).vault();
  }

  public VaultEntry renameVault(final String vault, final String newName) {
    final long id = nextRequestId();
    return roundTrip(id, writer.vaultRename(id, vault, newName)).vault();
  }

  public void deleteVault(final String vault, final boolean force) {
    final long id = nextRequestId();
    roundTrip(id, writer.vaultDelete(id, vault, force)).throwIfError();
  }

  /**
   * Sets the vault's policy, or reads it when {@code policy} is null. Loosening it waits for
   * someone's approval (the call returns once decided: DENIED or APPROVAL_TIMEOUT otherwise).
   */
  public VaultEntry vaultPolicy(final String vault, final VaultPolicyEntry policy) {
    final long id = nextRequestId();
    return roundTrip(id, writer.vaultPolicy(id, vault, policy)).vault();
  }

  /** Creates an item (see {@link ItemEntry#draft}); returns it as stored, with id and revision. */
  public ItemEntry createItem(final String vault, final ItemEntry item) {
    final long id = nextRequestId();
    return decodeItemAndWipe(roundTripSecret(id, writer.itemCreate(id, vault, item)));
  }

  /** Gets an item by id or name; field values are present only when {@code reveal}. */
  public ItemEntry getItem(final String vault, final String item, final boolean reveal) {
    final long id = nextRequestId();
    return decodeItemAndWipe(roundTrip(id, writer.itemGet(id, vault, item, reveal)));
  }

  private static ItemEntry decodeItemAndWipe(final Reply reply) {
    final ItemEntry result = reply.item();
    reply.wipe();
    return result;
  }

  /**
   * Replaces an item if it is still at {@code expectedRevision}; else CONFLICT with the current
   * one.
   */
  public ItemEntry updateItem(
      final String vault, final ItemEntry item, final long expectedRevision) {
    final long id = nextRequestId();
    return decodeItemAndWipe(
        roundTripSecret(id, writer.itemUpdate(id, vault, item, expectedRevision)));
  }

  public Acknowledgement trashItem(final String vault, final String item) {
    final long id = nextRequestId();
    return roundTrip(id, writer.itemTrash(id, vault, item)).ack();
  }

  public Acknowledgement restoreItem(final String vault, final String item) {
    final long id = nextRequestId();
    return roundTrip(id, writer.itemRestore(id, vault, item)).ack();
  }

  public Acknowledgement purgeItem(final String vault, final String item) {
    final long id = nextRequestId();
    return roundTrip(id, writer.itemPurge(id, vault, item)).ack();
  }

  public ItemPage listItems(
      final String vault, final boolean includeTrashed, final int limit, final String afterId) {
    final long id = nextRequestId();
    return roundTrip(id, writer.itemList(id, vault, includeTrashed, limit, afterId)).items();
  }

  /** Searches by a {@code SearchKind} (name, tag, URL host, SSH fingerprint). */
  public ItemPage searchItems(
      final String vault, final int searchKind, final String term, final int limit) {
    final long id = nextRequestId();
    return roundTrip(id, writer.itemSearch(id, vault, searchKind, term, limit)).items();
  }

  public List<RevisionEntry> itemHistory(final String vault, final String item) {
    final long id = nextRequestId();
    return roundTrip(id, writer.itemHistory(id, vault, item)).revisions();
  }

  public ItemEntry restoreRevision(
      final String vault, final String item, final long revision, final long expectedRevision) {
    final long id = nextRequestId();
    return decodeItemAndWipe(
        roundTrip(id, writer.itemRestoreRevision(id, vault, item, revision, expectedRevision)));
  }

  /**
   * Reads many secret references in one round trip. Values come back in order.
   *
   * @throws IllegalArgumentException when a reference does not parse
   * @throws PersonaClientException for the first reference the daemon could not resolve, naming it
   */
  public List<byte[]> readRefs(final List<String> refs) {
    final List<SecretRef> parsed = new ArrayList<>(refs.size());
    for (int i = 0; i < refs.size(); i++) {
      parsed.add(SecretRef.parse(refs.get(i)));
    }
    final List<RefValue> values = readRefValues(parsed);
    final List<byte[]> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      final RefValue value = values.get(i);
      if (value.errorCode() != ErrorCode.OK) {
        for (int k = 0; k < values.size(); k++) {
          Arrays.fill(values.get(k).value(), (byte) 0);
        }
        final String message =
            PersonaClientException.errorName(value.errorCode()) + ": ref=" + parsed.get(i);
        if (value.errorCode() == ErrorCode.LOCKED) {
          throw new VaultLockedException(message);
        }
        if (value.errorCode() == ErrorCode.DENIED) {
          throw new AccessDeniedException(value.errorCode(), message);
        }
        throw new PersonaClientException(value.errorCode(), message);
      }
      out.add(value.value());
    }
    return out;
  }

  /** Reads parsed references; per-reference failures are values, whole-request failures throw. */
  public List<RefValue> readRefValues(final List<SecretRef> refs) {
    final long id = sendReadRefs(refs);
    final Reply reply = await(id);
    final List<RefValue> values = reply.refValues();
    reply.wipe();
    if (values.size() != refs.size()) {
      throw new PersonaClientException(
          ErrorCode.MALFORMED,
          "daemon answered " + values.size() + " values for " + refs.size() + " references");
    }
    return values;
  }

  /** Pipelining helper: sends a ReadRefs request and returns its id for {@link #await(long)}. */
  public long sendReadRefs(final List<SecretRef> refs) {
    final long id = nextRequestId();
    send(writer.readRefs(id, refs));
    return id;
  }

  /** Pipelining helper: sends a Status request and returns its id for {@link #await(long)}. */
  public long sendStatus() {
    final long id = nextRequestId();
    send(writer.status(id));
    return id;
  }

  /** Reads one value, e.g. {@code readRef("persona://Personal/github/password")}. */
  public byte[] readRef(final String ref) {
    return readRefs(List.of(ref)).get(0);
  }

  /** Uploads an attachment from memory in chunks of at most the daemon's chunk length. */
  public AttachmentEntry putAttachment(
      final String vault,
      final String item,
      final String name,
      final String contentType,
      final byte[] content,
      final byte[] sha256) {
    long id = nextRequestId();
    final UploadSession upload =
        roundTrip(id, writer.attachmentPutBegin(id, vault, item, name, contentType, content.length))
            .uploadSession();
    final int chunk =
        Math.max(
            1,
            Math.min(
                RpcFrameDescriptor.MAX_CHUNK_LENGTH,
                upload.maxChunkLength() > 0
                    ? upload.maxChunkLength()
                    : RpcFrameDescriptor.MAX_CHUNK_LENGTH));
    for (int offset = 0; offset < content.length; offset += chunk) {
      id = nextRequestId();
      final int length = Math.min(chunk, content.length - offset);
      roundTripSecret(
              id, writer.attachmentPutChunk(id, upload.uploadId(), offset, content, offset, length))
          .throwIfError();
    }
    id = nextRequestId();
    return roundTrip(id, writer.attachmentPutEnd(id, upload.uploadId(), sha256)).attachment();
  }

  /** Downloads one chunk; loop on {@code offset + data.length} until {@code eof}. */
  public AttachmentChunkData getAttachmentChunk(
      final String vault,
      final String item,
      final String attachment,
      final long offset,
      final int maxLength) {
    final long id = nextRequestId();
    final Reply reply =
        roundTrip(id, writer.attachmentGet(id, vault, item, attachment, offset, maxLength));
    final AttachmentChunkData chunk = reply.attachmentChunk();
    reply.wipe();
    return chunk;
  }

  /**
   * Downloads a whole attachment chunk by chunk.
   *
   * @throws PersonaClientException TOO_LARGE when it is bigger than {@code maxTotalLength}
   */
  public byte[] getAttachment(
      final String vault, final String item, final String attachment, final int maxTotalLength) {
    final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    long offset = 0;
    while (true) {
      final AttachmentChunkData chunk =
          getAttachmentChunk(vault, item, attachment, offset, RpcFrameDescriptor.MAX_CHUNK_LENGTH);
      if (chunk.totalLength() > maxTotalLength) {
        throw new PersonaClientException(
            ErrorCode.TOO_LARGE,
            "attachment too large: length=" + chunk.totalLength() + " max=" + maxTotalLength);
      }
      out.write(chunk.data(), 0, chunk.data().length);
      offset += chunk.data().length;
      Arrays.fill(chunk.data(), (byte) 0);
      if (chunk.eof() || chunk.data().length == 0) {
        return out.toByteArray();
      }
    }
  }

  public void deleteAttachment(final String vault, final String item, final String attachment) {
    final long id = nextRequestId();
    roundTrip(id, writer.attachmentDelete(id, vault, item, attachment)).throwIfError();
  }

  /** Generates a key of an {@code SshKeyType}; {@code bits} 0 picks the type's default. */
  public SshKeyEntry sshKeygen(
      final String name,
      final int keyType,
      final int bits,
      final String vault,
      final String comment) {
    final long id = nextRequestId();
    return roundTrip(id, writer.sshKeygen(id, name, keyType, bits, vault, comment)).sshKey();
  }

  /** Imports an OpenSSH/PEM private key file; {@code passphrase} may be null. */
  public SshKeyEntry sshImport(
      final String name,
      final String vault,
      final byte[] privateKeyFile,
      final char[] passphrase,
      final String comment) {
    final byte[] pass = passphrase == null ? null : utf8(passphrase);
    try {
      final long id = nextRequestId();
      return roundTripSecret(id, writer.sshImport(id, name, vault, privateKeyFile, pass, comment))
          .sshKey();
    } finally {
      if (pass != null) {
        Arrays.fill(pass, (byte) 0);
      }
    }
  }

  public List<SshKeyEntry> sshList(final String vault) {
    final long id = nextRequestId();
    return roundTrip(id, writer.sshList(id, vault)).sshKeys();
  }

  /** The key's public line ({@link SshKeyEntry#publicKey()}) and metadata. */
  public SshKeyEntry sshExportPublic(final String key) {
    final long id = nextRequestId();
    return roundTrip(id, writer.sshExportPublic(id, key)).sshKey();
  }

  public void sshDelete(final String key) {
    final long id = nextRequestId();
    roundTrip(id, writer.sshDelete(id, key)).throwIfError();
  }

  /** Sets the key's policy, or reads it when {@code policy} is null. */
  public SshKeyEntry sshPolicy(final String key, final SshPolicy policy) {
    final long id = nextRequestId();
    return roundTrip(id, writer.sshPolicy(id, key, policy)).sshKey();
  }

  public byte[] sshSign(final byte[] keyBlob, final byte[] data, final int flags) {
    final long id = nextRequestId();
    return roundTrip(id, writer.sshSign(id, keyBlob, data, flags)).signature();
  }

  public AuditPage auditTail(final long afterSequence, final int limit) {
    final long id = nextRequestId();
    return roundTrip(id, writer.auditTail(id, afterSequence, limit)).auditPage();
  }

  public AuditVerification auditVerify() {
    final long id = nextRequestId();
    return roundTrip(id, writer.auditVerify(id)).auditVerification();
  }

  public IssuedToken issueToken(
      final int scope, final String vault, final long ttlMs, final long idleMs) {
    final long id = nextRequestId();
    final Reply reply = roundTrip(id, writer.tokenIssue(id, scope, vault, ttlMs, idleMs));
    final IssuedToken token = reply.issuedToken();
    reply.wipe();
    return token;
  }

  /**
   * Revokes one token by id, or every token when {@code all}; the answer's {@code revision} is how
   * many were revoked.
   */
  public Acknowledgement revokeToken(final String tokenId, final boolean all) {
    final long id = nextRequestId();
    return roundTrip(id, writer.tokenRevoke(id, tokenId, all)).ack();
  }

  public List<TokenEntry> listTokens() {
    final long id = nextRequestId();
    return roundTrip(id, writer.tokenList(id)).tokens();
  }

  /** High-risk requests waiting for a decision. */
  public List<ApprovalEntry> listApprovals() {
    final long id = nextRequestId();
    return roundTrip(id, writer.approvalList(id)).approvals();
  }

  /**
   * Allows or denies a pending approval; {@code rememberMs > 0} remembers it for that caller and
   * target.
   */
  public void decideApproval(final String approvalId, final boolean allow, final long rememberMs) {
    final long id = nextRequestId();
    roundTrip(id, writer.approvalDecide(id, approvalId, allow, rememberMs)).throwIfError();
  }

  /**
   * Creates a time-boxed grant; {@code executable} null means any caller. Returns the grant's id.
   */
  public Acknowledgement createGrant(
      final String target, final String executable, final long ttlMs) {
    final long id = nextRequestId();
    return roundTrip(id, writer.grantCreate(id, target, executable, ttlMs)).ack();
  }

  /** Asks the daemon to drain, lock and exit; returns once it has acknowledged. */
  public void shutdown() {
    final long id = nextRequestId();
    roundTrip(id, writer.shutdown(id)).throwIfError();
  }

  @Override
  public void close() {
    channel.close();
  }

  /** Encodes a password to UTF-8 without a String, so only zeroable arrays ever hold it. */
  private static byte[] utf8(final char[] password) {
    final ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    final byte[] out = new byte[encoded.remaining()];
    encoded.get(out);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return out;
  }
}
