package dev.persona.server.rpc;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.engine.AttachmentInfo;
import dev.persona.engine.Engine;
import dev.persona.engine.ItemView;
import dev.persona.engine.PersonaException;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.fb.AttachmentChunk;
import dev.persona.schema.fb.AttachmentDeleteRequest;
import dev.persona.schema.fb.AttachmentGetRequest;
import dev.persona.schema.fb.AttachmentPutBegin;
import dev.persona.schema.fb.AttachmentPutBeginResponse;
import dev.persona.schema.fb.AttachmentPutChunk;
import dev.persona.schema.fb.AttachmentPutEnd;
import dev.persona.schema.fb.AttachmentResponse;
import dev.persona.schema.fb.Request;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.server.transport.ClientSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Attachments over RPC in chunks, streamed through the engine without holding a file in memory: an
 * upload feeds the engine's {@code putAttachment} stream from a bounded queue on a virtual thread
 * (the engine seals and commits 1 MiB at a time), a download drains {@code getAttachment} the same
 * way, so at most a few chunks of plaintext exist at once, each wiped after use.
 *
 * <p>An attachment is a secret of its item: a download passes the same effective-policy check as a
 * reveal ({@link RequestParker#readCheck}: the strictest of item and vault approval, both
 * executables lists), asked once per download, and adding or removing one is a change of the item
 * ({@link RequestParker#changeApproved}). Sessions belong to the connection that opened them, so no
 * other caller can continue a download or feed an upload that someone approved.
 *
 * <p>Conductor thread only (the streaming threads only touch their queues). Sessions idle for
 * {@link #SESSION_IDLE_MS} are abandoned; an abandoned upload stores nothing.
 */
final class AttachmentRpcHandler {
  static final long SESSION_IDLE_MS = 120_000;

  /** Chunks buffered between the conductor and a streaming thread. */
  private static final int QUEUE_CHUNKS = 16;

  private static final long STALL_TIMEOUT_S = 30;
  private static final byte[] END = new byte[0];
  private static final byte[] ABORT = new byte[0];

  private final Engine engine;
  private final Map<Long, Upload> uploads = new HashMap<>();
  private final Map<DownloadKey, Download> downloads = new HashMap<>();
  private long nextUploadId = 1;

  AttachmentRpcHandler(final Engine engine) {
    this.engine = engine;
  }

  boolean handles(final byte bodyType) {
    return bodyType >= RequestBody.AttachmentPutBegin
        && bodyType <= RequestBody.AttachmentDeleteRequest;
  }

  /**
   * Handles one attachment request, sends its response (or parks it with {@code parker}), and
   * returns the audit target.
   */
  String handle(
      final Channel channel,
      final long requestId,
      final byte bodyType,
      final Request request,
      final ResponseProxy responseProxy,
      final RequestParker parker) {
    switch (bodyType) {
      case RequestBody.AttachmentPutBegin -> {
        final AttachmentPutBegin begin =
            (AttachmentPutBegin) request.body(new AttachmentPutBegin());
        final ItemView item = item(begin.vault(), begin.item());
        try {
          final String name = RpcDispatcher.required(begin.name(), "name");
          final String vault = item.vault();
          final String itemId = item.id();
          // Adding a file to a guarded item is a change like any other: approved, never
          // remembered.
          return parker.changeApproved(
              "attachment.put",
              item,
              channel,
              requestId,
              (replyTo, replyId) -> {
                final long id = nextUploadId++;
                uploads.put(id, new Upload(engine, vault, itemId, name, replyTo.id()));
                final FlatBufferBuilder builder = responseProxy.begin();
                final int body =
                    AttachmentPutBeginResponse.createAttachmentPutBeginResponse(
                        builder, id, RpcFrameDescriptor.MAX_CHUNK_LENGTH);
                responseProxy.sendBody(
                    replyTo, replyId, ResponseBody.AttachmentPutBeginResponse, body);
                return itemId + "/" + name;
              });
        } finally {
          item.zero();
        }
      }
      case RequestBody.AttachmentPutChunk -> {
        final AttachmentPutChunk chunk =
            (AttachmentPutChunk) request.body(new AttachmentPutChunk());
        final Upload upload = upload(chunk.uploadId(), channel);
        if (chunk.offset() != upload.received) {
          throw new IllegalArgumentException(
              "field=offset expected=" + upload.received + " got=" + chunk.offset());
        }
        upload.accept(Secrets.bytes(chunk.dataAsByteBuffer()));
        responseProxy.sendOk(channel, requestId);
        return upload.itemId + "/" + upload.name;
      }
      case RequestBody.AttachmentPutEnd -> {
        final AttachmentPutEnd end = (AttachmentPutEnd) request.body(new AttachmentPutEnd());
        final Upload upload = upload(end.uploadId(), channel);
        uploads.remove(end.uploadId());
        final AttachmentInfo info = upload.finish();
        final byte[] digest = upload.digest.digest();
        final ByteBuffer expected = end.sha256AsByteBuffer();
        if (expected != null
            && expected.hasRemaining()
            && !expected.equals(ByteBuffer.wrap(digest))) {
          engine.deleteAttachment(upload.vault, upload.itemId, upload.name);
          throw new IllegalArgumentException("field=sha256 the uploaded bytes do not match");
        }
        final FlatBufferBuilder builder = responseProxy.builder();
        final int name = builder.createString(info.name());
        final int attachment =
            dev.persona.schema.fb.AttachmentInfo.createAttachmentInfo(
                builder, name, name, info.sizeBytes(), builder.createByteVector(digest), 0, 0);
        final int body = AttachmentResponse.createAttachmentResponse(builder, attachment);
        responseProxy.sendBody(channel, requestId, ResponseBody.AttachmentResponse, body);
        return upload.itemId + "/" + upload.name;
      }
      case RequestBody.AttachmentGetRequest -> {
        final AttachmentGetRequest get =
            (AttachmentGetRequest) request.body(new AttachmentGetRequest());
        final ItemView item = item(get.vault(), get.item());
        try {
          final String name = RpcDispatcher.required(get.attachment(), "attachment");
          final long offset = get.offset();
          final long maxLength = get.maxLength();
          final DownloadKey key = new DownloadKey(channel.id(), item.vault(), item.id(), name);
          final Download running = downloads.get(key);
          final String executable = ClientSession.of(channel).executable();
          final int verdict;
          try {
            verdict = parker.readCheck(item, executable, true);
          } catch (final PersonaException refused) {
            if (running != null) {
              downloads.remove(key).abandon();
            }
            throw refused;
          }
          // An ask item's file is asked for once per download: the chunks after an approved
          // first one continue the download this connection holds, so they need no new answer.
          if (verdict != 0 && (running == null || running.position != offset)) {
            return parker.parkRead(
                "attachment.get",
                item,
                (replyTo, replyId) -> {
                  // Read again once allowed: the item, or its vault's policy, may have changed
                  // while it waited; a deny set meanwhile wins over the approval.
                  final ItemView now = item(key.vault(), key.itemId());
                  try {
                    parker.readCheck(now, executable, true);
                    return sendChunk(replyTo, replyId, now, name, offset, maxLength, responseProxy);
                  } finally {
                    now.zero();
                  }
                });
          }
          return sendChunk(channel, requestId, item, name, offset, maxLength, responseProxy);
        } finally {
          item.zero();
        }
      }
      case RequestBody.AttachmentDeleteRequest -> {
        final AttachmentDeleteRequest delete =
            (AttachmentDeleteRequest) request.body(new AttachmentDeleteRequest());
        final ItemView item = item(delete.vault(), delete.item());
        try {
          final String name = RpcDispatcher.required(delete.attachment(), "attachment");
          attachmentOf(item, name);
          final String vault = item.vault();
          final String itemId = item.id();
          return parker.changeApproved(
              "attachment.delete",
              item,
              channel,
              requestId,
              (replyTo, replyId) -> {
                engine.deleteAttachment(vault, itemId, name);
                responseProxy.sendOk(replyTo, replyId);
                return itemId + "/" + name;
              });
        } finally {
          item.zero();
        }
      }
      default -> throw new IllegalStateException("not an attachment request: " + bodyType);
    }
  }

  /**
   * Sends the chunk of {@code name} at {@code offset}, continuing this connection's download of it
   * when one is there, else starting one; returns the audit target.
   */
  private String sendChunk(
      final Channel channel,
      final long requestId,
      final ItemView item,
      final String name,
      final long offset,
      final long maxLength,
      final ResponseProxy responseProxy) {
    final AttachmentInfo info = attachmentOf(item, name);
    final DownloadKey key = new DownloadKey(channel.id(), item.vault(), item.id(), name);
    Download download = downloads.get(key);
    if (download == null || download.position != offset) {
      if (download != null) {
        download.abandon();
      }
      download = new Download(engine, item.vault(), item.id(), name);
      download.skip(offset);
      downloads.put(key, download);
    }
    final int max =
        (int)
            Math.min(
                maxLength == 0 ? RpcFrameDescriptor.MAX_CHUNK_LENGTH : maxLength,
                RpcFrameDescriptor.MAX_CHUNK_LENGTH);
    final long position = download.position;
    final byte[] data = download.read(max);
    final boolean eof = download.finished();
    if (eof) {
      downloads.remove(key);
    }
    try {
      final FlatBufferBuilder builder = responseProxy.begin();
      final int body =
          AttachmentChunk.createAttachmentChunk(
              builder, position, info.sizeBytes(), builder.createByteVector(data), eof);
      responseProxy.sendBody(channel, requestId, ResponseBody.AttachmentChunk, body);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
    return item.id() + "/" + name;
  }

  /** A download belongs to the connection that started it: nobody else continues it. */
  private record DownloadKey(ChannelId channel, String vault, String itemId, String name) {}

  /** Abandons sessions nobody has touched for a while; conductor thread. */
  int onTick(final long nowMs) {
    if (uploads.isEmpty() && downloads.isEmpty()) {
      return 0; // the common case, every duty cycle: no iterator, no work
    }
    int work = 0;
    for (final Iterator<Upload> it = uploads.values().iterator(); it.hasNext(); ) {
      final Upload upload = it.next();
      if (nowMs - upload.lastUsedMs > SESSION_IDLE_MS) {
        upload.abort();
        it.remove();
        work++;
      }
    }
    for (final Iterator<Download> it = downloads.values().iterator(); it.hasNext(); ) {
      final Download download = it.next();
      if (nowMs - download.lastUsedMs > SESSION_IDLE_MS) {
        download.abandon();
        it.remove();
        work++;
      }
    }
    return work;
  }

  /** The item, values included: the caller reads its policy fields, then zeroes it. */
  private ItemView item(final String vault, final String nameOrId) {
    final String resolved = DefaultVault.resolve(engine, vault);
    final ItemView item = engine.getItem(resolved, RpcDispatcher.required(nameOrId, "item"));
    if (item == null) {
      throw new PersonaException(
          PersonaException.Category.NOT_FOUND,
          "no item '" + nameOrId + "' in vault '" + resolved + "'");
    }
    return item;
  }

  private static AttachmentInfo attachmentOf(final ItemView item, final String name) {
    for (final AttachmentInfo attachment : item.attachments()) {
      if (attachment.name().equals(name)) {
        return attachment;
      }
    }
    throw new PersonaException(
        PersonaException.Category.NOT_FOUND,
        "no attachment '" + name + "' on item '" + item.name() + "'");
  }

  /** The vault an upload in progress writes to, or null when there is no such upload. */
  String uploadVault(final long id) {
    final Upload upload = uploads.get(id);
    return upload == null ? null : upload.vault;
  }

  /** The upload {@code channel} began; another connection's upload is not found, not shared. */
  private Upload upload(final long id, final Channel channel) {
    final Upload upload = uploads.get(id);
    if (upload == null || !upload.owner.equals(channel.id())) {
      throw new PersonaException(
          PersonaException.Category.NOT_FOUND, "no upload " + id + " (finished or abandoned)");
    }
    return upload;
  }

  private static <T> T await(final CompletableFuture<T> future) {
    try {
      return future.get(STALL_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (final ExecutionException ex) {
      if (ex.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("attachment stream failed", ex.getCause());
    } catch (final TimeoutException ex) {
      throw new IllegalStateException("attachment stream stalled for " + STALL_TIMEOUT_S + " s");
    } catch (final InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ex);
    }
  }

  private static void offer(final BlockingQueue<byte[]> queue, final byte[] chunk) {
    try {
      if (!queue.offer(chunk, STALL_TIMEOUT_S, TimeUnit.SECONDS)) {
        throw new IllegalStateException("attachment writer stalled for " + STALL_TIMEOUT_S + " s");
      }
    } catch (final InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ex);
    }
  }

  /** One upload: the engine reads the queue as an InputStream on its own virtual thread. */
  private static final class Upload {
    final String vault;
    final String itemId;
    final String name;
    final ChannelId owner;
    final MessageDigest digest = sha256();
    final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    final CompletableFuture<AttachmentInfo> done = new CompletableFuture<>();
    long received;
    long lastUsedMs = System.currentTimeMillis();

    Upload(
        final Engine engine,
        final String vault,
        final String itemId,
        final String name,
        final ChannelId owner) {
      this.vault = vault;
      this.itemId = itemId;
      this.name = name;
      this.owner = owner;
      Thread.ofVirtual()
          .name("persona-upload")
          .start(
              () -> {
                try {
                  done.complete(
                      engine.putAttachment(vault, itemId, name, new QueueInputStream(queue)));
                } catch (final RuntimeException ex) {
                  done.completeExceptionally(ex);
                }
              });
    }

    void accept(final byte[] chunk) {
      if (done.isDone()) {
        await(done); // the writer failed: report why
      }
      digest.update(chunk);
      received += chunk.length;
      lastUsedMs = System.currentTimeMillis();
      offer(queue, chunk);
    }

    AttachmentInfo finish() {
      offer(queue, END);
      return await(done);
    }

    void abort() {
      queue.clear();
      queue.offer(ABORT);
    }
  }

  /** Reads queued chunks, wiping each once copied out; ABORT fails the engine's read. */
  private static final class QueueInputStream extends InputStream {
    private final BlockingQueue<byte[]> queue;
    private byte[] current = new byte[0];
    private int index;
    private boolean ended;

    QueueInputStream(final BlockingQueue<byte[]> queue) {
      this.queue = queue;
    }

    @Override
    public int read() throws IOException {
      final byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(final byte[] b, final int off, final int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (index == current.length) {
        if (ended) {
          return -1;
        }
        Arrays.fill(current, (byte) 0);
        try {
          current = queue.take();
        } catch (final InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IOException("upload interrupted", ex);
        }
        index = 0;
        if (current == ABORT) {
          throw new IOException("upload abandoned by the client");
        }
        if (current == END) {
          ended = true;
        }
      }
      final int n = Math.min(len, current.length - index);
      System.arraycopy(current, index, b, off, n);
      index += n;
      return n;
    }
  }

  /** One download: the engine writes into the queue on its own virtual thread. */
  private static final class Download {
    final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    final CompletableFuture<Boolean> done = new CompletableFuture<>();
    long position;
    long lastUsedMs = System.currentTimeMillis();
    private byte[] current = new byte[0];
    private int index;
    private boolean ended;
    private volatile boolean abandoned;

    Download(final Engine engine, final String vault, final String itemId, final String name) {
      Thread.ofVirtual()
          .name("persona-download")
          .start(
              () -> {
                try {
                  final boolean found =
                      engine.getAttachment(vault, itemId, name, new QueueOutputStream());
                  done.complete(found);
                } catch (final RuntimeException ex) {
                  done.completeExceptionally(ex);
                } finally {
                  endOfStream();
                }
              });
    }

    void skip(final long bytes) {
      long left = bytes;
      while (left > 0) {
        final byte[] skipped = read((int) Math.min(left, RpcFrameDescriptor.MAX_CHUNK_LENGTH));
        if (skipped.length == 0) {
          throw new IllegalArgumentException("field=offset beyond the end of the attachment");
        }
        left -= skipped.length;
        Arrays.fill(skipped, (byte) 0);
      }
    }

    byte[] read(final int max) {
      lastUsedMs = System.currentTimeMillis();
      final byte[] out = new byte[max];
      int filled = 0;
      while (filled < max && !ended) {
        if (index == current.length) {
          Arrays.fill(current, (byte) 0);
          try {
            current = queue.poll(STALL_TIMEOUT_S, TimeUnit.SECONDS);
          } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
          }
          index = 0;
          if (current == null) {
            current = new byte[0];
            throw new IllegalStateException("attachment reader stalled");
          }
          if (current == END) {
            ended = true;
            await(done); // surfaces a failed or missing attachment
            break;
          }
        }
        final int n = Math.min(max - filled, current.length - index);
        System.arraycopy(current, index, out, filled, n);
        index += n;
        filled += n;
      }
      position += filled;
      if (filled == max) {
        return out;
      }
      final byte[] exact = Arrays.copyOf(out, filled);
      Arrays.fill(out, (byte) 0);
      return exact;
    }

    /** True once every byte has been handed out. */
    boolean finished() {
      if (!ended && index == current.length && queue.peek() == END) {
        queue.poll();
        ended = true;
      }
      return ended && index == current.length;
    }

    void abandon() {
      abandoned = true;
      queue.clear();
    }

    private void endOfStream() {
      try {
        while (!abandoned && !queue.offer(END, 1, TimeUnit.SECONDS)) {
          // the reader is slow; it times out on its own if it never comes back
        }
      } catch (final InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }

    private final class QueueOutputStream extends OutputStream {
      @Override
      public void write(final int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(final byte[] b, final int off, final int len) throws IOException {
        int at = off;
        final int end = off + len;
        while (at < end) {
          if (abandoned) {
            throw new IOException("download abandoned by the client");
          }
          final int n = Math.min(end - at, RpcFrameDescriptor.MAX_CHUNK_LENGTH);
          try {
            if (!queue.offer(
                Arrays.copyOfRange(b, at, at + n), STALL_TIMEOUT_S, TimeUnit.SECONDS)) {
              throw new IOException("download not read for " + STALL_TIMEOUT_S + " s");
            }
          } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("download interrupted", ex);
          }
          at += n;
        }
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (final NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 unavailable", ex);
    }
  }
}
