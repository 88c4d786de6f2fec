package dev.persona.cli.ref;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds {@code {{ persona://vault/item/field }}} references in a template and writes the template
 * with each one replaced by its resolved value.
 *
 * <p>Two passes so that all references resolve in one round trip ({@code ReadRefs} takes many):
 * {@link #references(byte[])} lists them, the caller resolves them, {@link #render} substitutes.
 * Whitespace inside the braces is optional; text that is not a {@code persona://} reference
 * (another tool's {@code {{ x }}}) is left alone. The template is not secret; the values are
 * written straight from their byte arrays.
 *
 * <p>Stateless; thread-safe.
 */
public final class TemplateRenderer {
  public static final String SCHEME = "persona://";

  private TemplateRenderer() {}

  /** One reference occurrence: [start, end) covers the braces; ref is the persona:// text. */
  record Span(int start, int end, String ref) {}

  /** The distinct references in order of first appearance. */
  public static List<String> references(final byte[] template) {
    final Set<String> refs = new LinkedHashSet<>();
    for (final Span span : spans(template)) {
      refs.add(span.ref());
    }
    return new ArrayList<>(refs);
  }

  /**
   * Writes the template with every reference replaced by values.get(ref), which must be present.
   */
  public static void render(
      final byte[] template, final Map<String, byte[]> values, final OutputStream out)
      throws IOException {
    int copied = 0;
    for (final Span span : spans(template)) {
      final byte[] value = values.get(span.ref());
      if (value == null) {
        throw new IllegalArgumentException("inject: unresolved reference: ref=" + span.ref());
      }
      out.write(template, copied, span.start() - copied);
      out.write(value);
      copied = span.end();
    }
    out.write(template, copied, template.length - copied);
  }

  static List<Span> spans(final byte[] t) {
    final List<Span> spans = new ArrayList<>();
    int i = 0;
    while (i + 1 < t.length) {
      if (t[i] != '{' || t[i + 1] != '{') {
        i++;
        continue;
      }
      int j = i + 2;
      while (j < t.length && (t[j] == ' ' || t[j] == '\t')) {
        j++;
      }
      if (!startsWith(t, j, SCHEME)) {
        i += 2;
        continue;
      }
      final int refStart = j;
      while (j < t.length
          && t[j] != ' '
          && t[j] != '\t'
          && t[j] != '}'
          && t[j] != '\n'
          && t[j] != '{') {
        j++;
      }
      final int refEnd = j;
      while (j < t.length && (t[j] == ' ' || t[j] == '\t')) {
        j++;
      }
      if (j + 1 < t.length && t[j] == '}' && t[j + 1] == '}') {
        spans.add(
            new Span(i, j + 2, new String(t, refStart, refEnd - refStart, StandardCharsets.UTF_8)));
        i = j + 2;
      } else {
        i = refStart;
      }
    }
    return spans;
  }

  private static boolean startsWith(final byte[] t, final int at, final String prefix) {
    if (at + prefix.length() > t.length) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (t[at + k] != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
