package dev.persona.server.rpc;

import dev.persona.engine.Engine;
import dev.persona.schema.fb.ErrorCode;

/** Maps the engine's negative status values (errors as values on the lookup path) to wire codes. */
final class EngineStatus {
  private EngineStatus() {}

  static int toErrorCode(final int status) {
    return switch (status) {
      case Engine.NOT_FOUND, Engine.NO_SUCH_VAULT, Engine.NO_SUCH_FIELD -> ErrorCode.NOT_FOUND;
      case Engine.LOCKED -> ErrorCode.LOCKED;
      case Engine.DST_TOO_SMALL -> ErrorCode.TOO_LARGE;
      case Engine.BAD_INPUT -> ErrorCode.BAD_INPUT;
      case Engine.POLICY_DENIED -> ErrorCode.DENIED;
      case Engine.NEEDS_APPROVAL -> ErrorCode.APPROVAL_REQUIRED;
      default -> ErrorCode.INTERNAL;
    };
  }
}
