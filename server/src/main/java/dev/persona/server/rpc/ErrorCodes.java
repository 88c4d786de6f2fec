package dev.persona.server.rpc;

import dev.persona.engine.PersonaException;
import dev.persona.schema.fb.ErrorCode;

/** Maps engine failure categories to the wire's stable error codes. */
final class ErrorCodes {
  private ErrorCodes() {}

  static int of(final PersonaException.Category category) {
    return switch (category) {
      case NOT_FOUND -> ErrorCode.NOT_FOUND;
      case LOCKED -> ErrorCode.LOCKED;
      case DENIED -> ErrorCode.DENIED;
      case CONFLICT -> ErrorCode.CONFLICT;
      case BAD_INPUT -> ErrorCode.BAD_INPUT;
      case WRONG_PASSWORD -> ErrorCode.WRONG_PASSWORD;
      case ALREADY_INITIALIZED -> ErrorCode.ALREADY_INITIALIZED;
      case NOT_INITIALIZED -> ErrorCode.NOT_INITIALIZED;
      case STORE_CORRUPTED, STORAGE_FULL, INTERNAL -> ErrorCode.INTERNAL;
    };
  }
}
