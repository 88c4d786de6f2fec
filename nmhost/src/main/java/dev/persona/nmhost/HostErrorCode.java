package dev.persona.nmhost;

/**
 * The {@code error.code} strings of the host's replies. They are a stable interface for the add-on
 * (nmhost/README.md lists them): add codes freely, never rename or reuse one.
 */
enum HostErrorCode {
  /** The message is not one well-formed JSON document in UTF-8 within the parser's limits. */
  BAD_JSON("bad_json"),
  /** Well-formed JSON but not a valid request: missing, unknown or ill-typed field (see field). */
  BAD_REQUEST("bad_request"),
  /** {@code type} names no request this host knows. */
  UNKNOWN_TYPE("unknown_type"),
  /** A request over 64 KiB (the host then exits) or a reply that would exceed 1 MiB. */
  TOO_LARGE("too_large"),
  /** Nothing listens on the daemon's socket. */
  DAEMON_NOT_RUNNING("daemon_not_running"),
  /** The workspace has no vault yet ({@code persona init}). */
  NOT_INITIALIZED("not_initialized"),
  /** The vault is locked ({@code persona unlock}). */
  LOCKED("locked"),
  /** No such vault, item or field. */
  NOT_FOUND("not_found"),
  /** A policy or the user refused. */
  DENIED("denied"),
  /** The daemon requires an access token and none (or an expired one) was in PERSONA_TOKEN. */
  TOKEN_REQUIRED("token_required"),
  /** The item needs a decision first ({@code persona approve}). */
  APPROVAL_REQUIRED("approval_required"),
  /** Nobody decided in time; treated as a refusal. */
  APPROVAL_TIMEOUT("approval_timeout"),
  /** The daemon is busy or rate-limiting; retry later. */
  BUSY("busy"),
  /** Any other failure reported by the daemon or its connection. */
  DAEMON_ERROR("daemon_error"),
  /** A bug in the host; its stderr names the exception class. */
  INTERNAL("internal");

  private final String wireName;

  HostErrorCode(final String wireName) {
    this.wireName = wireName;
  }

  /** The string sent as {@code error.code}. */
  String wireName() {
    return wireName;
  }
}
