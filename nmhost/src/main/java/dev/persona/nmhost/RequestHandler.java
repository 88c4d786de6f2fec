package dev.persona.nmhost;

import dev.persona.schema.client.DaemonNotRunningException;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.ItemPage;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.RefValue;
import dev.persona.schema.fb.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Answers one decoded request through {@link DaemonAccess} and writes exactly one reply with the
 * {@link ReplyWriter}. Every daemon failure becomes an error reply with a stable {@link
 * HostErrorCode}. All data is gathered before a reply is begun, so a failure half-way never leaves
 * half a reply. Field values that arrive with an item (plain fields only: the host never asks for a
 * reveal) are zeroed as soon as the username is taken from them; a read's value is zeroed right
 * after its reply is encoded.
 *
 * <p>Not thread-safe: owned by the host's main thread.
 */
final class RequestHandler {
  /** Field names taken as the username, in order of preference (case-insensitive). */
  static final List<String> USERNAME_FIELDS = List.of("username", "user", "login", "email");

  private final DaemonAccess daemon;
  private final String origin;

  /**
   * @param origin what the browser said the caller is (for {@code hello}), or null
   */
  RequestHandler(final DaemonAccess daemon, final String origin) {
    this.daemon = daemon;
    this.origin = origin;
  }

  void handle(final HostRequest request, final ReplyWriter reply) {
    try {
      switch (request) {
        case HostRequest.Hello hello -> reply.hello(hello.id(), origin);
        case HostRequest.Status status -> reply.status(status.id(), daemon.status());
        case HostRequest.Search search -> search(search, reply);
        case HostRequest.Read read -> read(read, reply);
      }
    } catch (final PersonaClientException e) {
      reply.error(request.id(), codeFor(e), fieldFor(e), e.getMessage());
    }
  }

  private void search(final HostRequest.Search search, final ReplyWriter reply) {
    final ItemPage page =
        daemon.search(search.vault(), search.by().searchKind(), search.query(), search.limit());
    final List<ItemEntry> found = page.items();
    final int count = Math.min(found.size(), search.limit());
    final List<ReplyWriter.SearchHit> hits = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      final ItemEntry summary = found.get(i);
      summary.wipe();
      final ItemEntry item;
      try {
        item = daemon.item(summary.vault(), summary.id());
      } catch (final PersonaClientException e) {
        if (e.errorCode() == ErrorCode.NOT_FOUND) {
          continue; // trashed or purged since the search: not a hit any more
        }
        throw e;
      }
      try {
        hits.add(
            new ReplyWriter.SearchHit(
                item.id(), item.vault(), item.name(), username(item), item.urls()));
      } finally {
        item.wipe();
      }
    }
    reply.searchResult(search.id(), hits, found.size() > count || page.nextAfterId() != null);
  }

  private void read(final HostRequest.Read read, final ReplyWriter reply) {
    final RefValue value = daemon.read(read.ref());
    try {
      if (value.errorCode() == ErrorCode.OK) {
        reply.secretValue(read.id(), value.value());
      } else {
        reply.error(
            read.id(),
            codeFor(value.errorCode()),
            "ref",
            errorName(value.errorCode()) + ": ref=" + read.ref());
      }
    } finally {
      Arrays.fill(value.value(), (byte) 0);
    }
  }

  /** The first plain username-like field's value when it is text, else null. */
  static String username(final ItemEntry item) {
    for (final String wanted : USERNAME_FIELDS) {
      for (final FieldEntry field : item.fields()) {
        if (!field.concealed()
            && field.value().length > 0
            && field.name() != null
            && field.name().toLowerCase(Locale.ROOT).equals(wanted)) {
          try {
            return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(field.value()))
                .toString();
          } catch (final CharacterCodingException notText) {
            return null;
          }
        }
      }
    }
    return null;
  }

  static HostErrorCode codeFor(final PersonaClientException e) {
    return e instanceof DaemonNotRunningException
        ? HostErrorCode.DAEMON_NOT_RUNNING
        : codeFor(e.errorCode());
  }

  /** The host's code for a daemon {@link ErrorCode}. */
  static HostErrorCode codeFor(final int errorCode) {
    return switch (errorCode) {
      case ErrorCode.NOT_FOUND -> HostErrorCode.NOT_FOUND;
      case ErrorCode.LOCKED -> HostErrorCode.LOCKED;
      case ErrorCode.DENIED -> HostErrorCode.DENIED;
      case ErrorCode.TOKEN_REQUIRED, ErrorCode.TOKEN_EXPIRED -> HostErrorCode.TOKEN_REQUIRED;
      case ErrorCode.APPROVAL_REQUIRED -> HostErrorCode.APPROVAL_REQUIRED;
      case ErrorCode.APPROVAL_TIMEOUT -> HostErrorCode.APPROVAL_TIMEOUT;
      case ErrorCode.NOT_INITIALIZED -> HostErrorCode.NOT_INITIALIZED;
      case ErrorCode.BUSY, ErrorCode.RATE_LIMITED -> HostErrorCode.BUSY;
      case ErrorCode.BAD_INPUT -> HostErrorCode.BAD_REQUEST;
      default -> HostErrorCode.DAEMON_ERROR;
    };
  }

  /** BAD_INPUT names the daemon's argument, which is also the request's field of that name. */
  private static String fieldFor(final PersonaClientException e) {
    return e.errorCode() == ErrorCode.BAD_INPUT ? e.field() : null;
  }

  private static String errorName(final int errorCode) {
    return errorCode >= 0 && errorCode < ErrorCode.names.length
        ? ErrorCode.name(errorCode)
        : "ERROR_" + errorCode;
  }
}
