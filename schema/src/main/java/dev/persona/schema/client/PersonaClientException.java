package dev.persona.schema.client;

import dev.persona.schema.fb.ErrorCode;

/**
 * A request failed: the daemon answered with an {@link ErrorCode} other than OK, or the connection
 * or frame was unusable (then {@link #errorCode()} is MALFORMED, TOO_LARGE or INTERNAL). Messages
 * never contain secrets.
 */
public class PersonaClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errorCode;
  private final String field;
  private final long currentRevision;
  private final String approvalId;

  public PersonaClientException(final int errorCode, final String message) {
    this(errorCode, message, null, 0, null, null);
  }

  public PersonaClientException(final int errorCode, final String message, final Throwable cause) {
    this(errorCode, message, null, 0, null, cause);
  }

  PersonaClientException(
      final int errorCode,
      final String message,
      final String field,
      final long currentRevision,
      final String approvalId,
      final Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
    this.field = field;
    this.currentRevision = currentRevision;
    this.approvalId = approvalId;
  }

  /** The {@link ErrorCode} value. */
  public int errorCode() {
    return errorCode;
  }

  /** The {@link ErrorCode} name, e.g. {@code "NOT_FOUND"}. */
  public String errorName() {
    return errorName(errorCode);
  }

  /** BAD_INPUT: the input the daemon refused, or null. */
  public String field() {
    return field;
  }

  /** CONFLICT: the item's current revision, or 0. */
  public long currentRevision() {
    return currentRevision;
  }

  /** APPROVAL_REQUIRED: the pending approval's id for {@code persona approve}, or null. */
  public String approvalId() {
    return approvalId;
  }

  static String errorName(final int errorCode) {
    return errorCode >= 0 && errorCode < ErrorCode.names.length
        ? ErrorCode.name(errorCode)
        : "ERROR_" + errorCode;
  }
}
