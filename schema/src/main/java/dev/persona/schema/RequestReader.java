package dev.persona.schema;

import com.google.flatbuffers.Table;
import dev.persona.schema.fb.Hello;
import dev.persona.schema.fb.ItemGetRequest;
import dev.persona.schema.fb.ReadRefsRequest;
import dev.persona.schema.fb.RefSpec;
import dev.persona.schema.fb.Request;
import dev.persona.schema.fb.SshSignRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Verifies an inbound Request and then exposes it through reused generated tables ({@code
 * getRootAs}-style {@code __assign} into one {@link Request} and one table per hot body type), so
 * decoding allocates nothing. Used by the daemon's dispatcher: {@link #wrap} once per message, then
 * the accessors. Not thread-safe: one reader per thread.
 *
 * <p>Hot-path accessors: {@link #readRefs()}, {@link #refSpec(int)}, {@link #sshSign()}, {@link
 * #itemGet()}, {@link #hello()}. Other bodies: {@link #body(Table)} with a table the caller keeps.
 */
public final class RequestReader {
  private final MessageVerifier verifier = new MessageVerifier();
  private final Request request = new Request();
  private final Hello hello = new Hello();
  private final ReadRefsRequest readRefs = new ReadRefsRequest();
  private final RefSpec refSpec = new RefSpec();
  private final SshSignRequest sshSign = new SshSignRequest();
  private final ItemGetRequest itemGet = new ItemGetRequest();
  private ByteBuffer buffer;
  private ByteBuffer view;
  private boolean wrapped;
  private boolean envelopeReadable;

  /**
   * Verifies the Request occupying {@code [offset, offset + length)} (no length prefix) and, when
   * valid, makes it readable. Sets the buffer's byte order to little-endian, which the generated
   * accessors need; its position and limit are untouched.
   *
   * @return {@link MessageVerifier#OK} or the verifier's reason; answer {@code
   *     UNSUPPORTED_OPERATION} for {@link MessageVerifier#UNKNOWN_BODY_TYPE} and {@code MALFORMED}
   *     for any other reason
   */
  public int wrap(final ByteBuffer buffer, final int offset, final int length) {
    wrapped = false;
    envelopeReadable = false;
    final int verdict = verifier.verifyRequest(buffer, offset, length);
    // For these two the root table was verified up to its union, so request_id can be echoed.
    final boolean envelopeOk =
        verdict == MessageVerifier.UNKNOWN_BODY_TYPE || verdict == MessageVerifier.MISSING_BODY;
    if (verdict != MessageVerifier.OK && !envelopeOk) {
      return verdict;
    }
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    if (this.buffer != buffer) {
      this.buffer = buffer;
      // Generated xxxInByteBuffer(view) accessors re-point a view: keep one per buffer.
      view = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
    request.__assign(offset + buffer.getInt(offset), buffer);
    envelopeReadable = true;
    wrapped = verdict == MessageVerifier.OK;
    return verdict;
  }

  /** Offset (from the message start) where the last verification failed, for the error log. */
  public long errorOffset() {
    return verifier.errorOffset();
  }

  /** The wrapped request (reused). */
  public Request request() {
    checkWrapped();
    return request;
  }

  /**
   * The request id, also readable after {@code wrap} returned {@link
   * MessageVerifier#UNKNOWN_BODY_TYPE} or {@link MessageVerifier#MISSING_BODY}, so those answers
   * can name their request. After any other failure the id is unknown: answer with request id 0
   * (see PROTOCOL.md §3).
   */
  public long requestId() {
    if (!envelopeReadable) {
      throw new IllegalStateException("no request envelope wrapped");
    }
    return request.requestId();
  }

  /** The {@code RequestBody} type; never NONE after a successful wrap. */
  public byte bodyType() {
    checkWrapped();
    return request.bodyType();
  }

  /**
   * The session token as a view of the message (no copy), or null when absent. Valid until next
   * wrap.
   */
  public ByteBuffer token() {
    checkWrapped();
    return request.tokenInByteBuffer(view);
  }

  /** A reusable view the caller may pass to generated {@code xxxInByteBuffer(view)} accessors. */
  public ByteBuffer view() {
    checkWrapped();
    return view;
  }

  /**
   * Assigns the body to a table the caller keeps for reuse; the type must match {@link
   * #bodyType()}.
   */
  public <T extends Table> T body(final T reuse) {
    checkWrapped();
    request.body(reuse);
    return reuse;
  }

  public Hello hello() {
    return body(hello);
  }

  public ReadRefsRequest readRefs() {
    return body(readRefs);
  }

  /** The i-th reference of a ReadRefs request, into one reused table. */
  public RefSpec refSpec(final int index) {
    checkWrapped();
    request.body(readRefs); // re-assign: the caller may have decoded the body into its own table
    return readRefs.refs(refSpec, index);
  }

  public SshSignRequest sshSign() {
    return body(sshSign);
  }

  public ItemGetRequest itemGet() {
    return body(itemGet);
  }

  private void checkWrapped() {
    if (!wrapped) {
      throw new IllegalStateException("no verified request wrapped");
    }
  }
}
