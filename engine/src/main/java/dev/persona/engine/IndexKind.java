package dev.persona.engine;

/** The blind indexes an item can be found through; the code is part of the HMAC input on disk. */
public enum IndexKind {
  NAME(2),
  TAG(3),
  URL_HOST(4),
  SSH_FINGERPRINT(5);

  private final int code;

  IndexKind(final int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
