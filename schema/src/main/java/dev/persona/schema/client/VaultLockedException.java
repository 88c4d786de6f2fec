package dev.persona.schema.client;

import dev.persona.schema.fb.ErrorCode;

/** The daemon answered LOCKED: unlock the vault first ({@code persona unlock}). */
public final class VaultLockedException extends PersonaClientException {
  private static final long serialVersionUID = 1L;

  public VaultLockedException(final String message) {
    super(ErrorCode.LOCKED, message);
  }
}
