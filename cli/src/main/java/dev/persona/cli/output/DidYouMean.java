package dev.persona.cli.output;

import java.util.Collection;
import java.util.Locale;

/**
 * Suggests the closest known name for a mistyped one ("no item 'gitub' — did you mean 'github'?"),
 * by case-insensitive Levenshtein distance, accepting at most a third of the typed length in edits
 * (at least 1, at most 3) so that unrelated names are never suggested.
 *
 * <p>Stateless; thread-safe.
 */
public final class DidYouMean {
  private DidYouMean() {}

  /** The closest candidate within the edit budget, or null. Ties go to the earlier candidate. */
  public static String suggest(final String typed, final Collection<String> candidates) {
    final String t = typed.toLowerCase(Locale.ROOT);
    final int budget = Math.max(1, Math.min(3, t.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (final String candidate : candidates) {
      final String c = candidate.toLowerCase(Locale.ROOT);
      if (c.equals(t)) {
        return candidate;
      }
      if (Math.abs(c.length() - t.length()) > budget) {
        continue;
      }
      final int distance = distance(t, c);
      if (distance <= budget && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance with two rolling rows. */
  public static int distance(final String a, final String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      final int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
