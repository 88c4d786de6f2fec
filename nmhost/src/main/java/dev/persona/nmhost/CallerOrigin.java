package dev.persona.nmhost;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Who started the host, as the browser says on the command line, and whether that caller may use
 * it.
 *
 * <ul>
 *   <li>Chrome (and Chromium, Edge, Brave) pass the calling extension's origin {@code
 *       chrome-extension://ID/} as the first argument. It must be in the allow-list, which is given
 *       by {@code -Dpersona.nmhost.allowedOrigins=} or {@code PERSONA_NMHOST_ALLOWED_ORIGINS}: a
 *       comma-separated list of such origins. An empty or absent list refuses every Chrome origin,
 *       so the host is closed until someone names the add-on they installed.
 *   <li>Firefox passes the manifest's path and the extension id; Firefox itself enforces the
 *       manifest's {@code allowed_extensions}, so the id is only recorded.
 *   <li>No argument: started by hand or by a test, by the user it runs as; allowed.
 * </ul>
 *
 * @param kind who the browser says the caller is
 * @param origin the Chrome origin or Firefox extension id, or null
 */
record CallerOrigin(Kind kind, String origin) {
  static final String CHROME_SCHEME = "chrome-extension://";
  static final String ALLOWED_ORIGINS_PROPERTY = "persona.nmhost.allowedOrigins";
  static final String ALLOWED_ORIGINS_ENV = "PERSONA_NMHOST_ALLOWED_ORIGINS";

  enum Kind {
    CHROME,
    FIREFOX,
    NONE
  }

  /** Reads the browser's arguments ({@code main}'s {@code args}). */
  static CallerOrigin fromArguments(final String[] args) {
    if (args.length >= 1 && args[0].startsWith(CHROME_SCHEME)) {
      return new CallerOrigin(Kind.CHROME, normalise(args[0]));
    }
    if (args.length >= 2) {
      return new CallerOrigin(Kind.FIREFOX, args[1]);
    }
    return new CallerOrigin(Kind.NONE, null);
  }

  /** True when this caller may use the host under {@code allowed} (normalised origins). */
  boolean isAllowed(final Set<String> allowed) {
    return kind != Kind.CHROME || allowed.contains(origin);
  }

  /**
   * Parses the allow-list: comma-separated {@code chrome-extension://ID/} origins, the trailing
   * slash optional, blanks ignored.
   *
   * @throws IllegalArgumentException naming the first entry that is not such an origin
   */
  static Set<String> parseAllowList(final String list) {
    final Set<String> out = new LinkedHashSet<>();
    if (list == null) {
      return out;
    }
    for (final String raw : list.split(",", -1)) {
      final String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      final String id = normalise(entry);
      if (!entry.startsWith(CHROME_SCHEME)
          || id.length() == CHROME_SCHEME.length() + 1
          || id.indexOf('/', CHROME_SCHEME.length()) != id.length() - 1) {
        throw new IllegalArgumentException(
            "not a chrome-extension://ID/ origin in the allow-list: '" + entry + "'");
      }
      out.add(id);
    }
    return out;
  }

  /** Chrome sends {@code chrome-extension://ID/}; people write the ID in any case, slash or not. */
  private static String normalise(final String origin) {
    final String lower = origin.toLowerCase(Locale.ROOT);
    return lower.endsWith("/") ? lower : lower + "/";
  }
}
