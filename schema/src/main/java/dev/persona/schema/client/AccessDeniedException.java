package dev.persona.schema.client;

/**
 * The daemon refused the caller: DENIED (policy or approver said no), TOKEN_REQUIRED or
 * TOKEN_EXPIRED. {@link #errorCode()} tells which.
 */
public final class AccessDeniedException extends PersonaClientException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(final int errorCode, final String message) {
    super(errorCode, message);
  }
}
