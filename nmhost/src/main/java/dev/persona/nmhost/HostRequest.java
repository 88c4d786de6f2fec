package dev.persona.nmhost;

import dev.persona.schema.client.SecretRef;
import dev.persona.schema.fb.SearchKind;

/**
 * A decoded, fully validated request from the add-on. Each type maps onto RPCs the thin client
 * already has; nothing here is a daemon operation of its own.
 */
sealed interface HostRequest extends DecodedRequest {
  RequestId id();

  /** {@code {"id":…,"type":"hello"}}: the host's protocol and limits; no daemon needed. */
  record Hello(RequestId id) implements HostRequest {}

  /** {@code {"id":…,"type":"status"}}: daemon version, initialized, locked. */
  record Status(RequestId id) implements HostRequest {}

  /**
   * {@code {"id":…,"type":"search","query":"…","by":"url|name|tag","vault":"…","limit":n}}: items
   * whose URL host, name or tag equals the query (the daemon's blind indexes match exactly, after
   * normalising), as names, ids, usernames and URLs.
   *
   * @param vault a vault name or id, or null for all vaults
   */
  record Search(RequestId id, SearchBy by, String query, String vault, int limit)
      implements HostRequest {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 50;
  }

  /** {@code {"id":…,"type":"read","ref":"persona://vault/item/field"}}: one value, for a fill. */
  record Read(RequestId id, SecretRef ref) implements HostRequest {}

  /** The index a search looks in, by its wire name. */
  enum SearchBy {
    URL("url", SearchKind.URL_HOST),
    NAME("name", SearchKind.NAME),
    TAG("tag", SearchKind.TAG);

    private final String wireName;
    private final int searchKind;

    SearchBy(final String wireName, final int searchKind) {
      this.wireName = wireName;
      this.searchKind = searchKind;
    }

    String wireName() {
      return wireName;
    }

    /** The schema's {@link SearchKind}. */
    int searchKind() {
      return searchKind;
    }

    /** The value named {@code wireName}, or null. */
    static SearchBy fromWireName(final String wireName) {
      for (final SearchBy by : values()) {
        if (by.wireName.equals(wireName)) {
          return by;
        }
      }
      return null;
    }
  }
}
