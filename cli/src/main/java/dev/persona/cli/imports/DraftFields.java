package dev.persona.cli.imports;

import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.json.JsonText;
import java.util.List;

/**
 * Adds values read from an export to an {@link ItemDraft} without losing any: empty values are left
 * out, and a name the item already uses gets a qualified one ("Security password", then "password
 * 2") instead of replacing the first value — exports routinely repeat field titles across sections.
 *
 * <p>Stateless; thread-safe.
 */
final class DraftFields {
  private DraftFields() {}

  /** Adds value (copied; the caller still owns it) under a free name derived from preferred. */
  static void add(
      final ItemDraft draft,
      final String preferred,
      final String section,
      final JsonText value,
      final boolean concealed) {
    if (value != null && value.length() > 0) {
      draft.field(uniqueName(draft, preferred, section), value.toUtf8(), concealed);
    }
  }

  /** Adds a value that is not secret (a date, an address) under a free name. */
  static void add(
      final ItemDraft draft, final String preferred, final String section, final String value) {
    if (value != null && !value.isBlank()) {
      draft.field(
          uniqueName(draft, preferred, section),
          value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          false);
    }
  }

  static String uniqueName(final ItemDraft draft, final String preferred, final String section) {
    if (draft.findField(preferred) == null) {
      return preferred;
    }
    final String qualified =
        section == null || section.isBlank() ? preferred : section.strip() + " " + preferred;
    if (draft.findField(qualified) == null) {
      return qualified;
    }
    for (int i = 2; ; i++) {
      final String numbered = qualified + " " + i;
      if (draft.findField(numbered) == null) {
        return numbered;
      }
    }
  }

  /** Adds a URL or tag once, ignoring blanks. */
  static void addDistinct(final List<String> values, final String value) {
    if (value != null && !value.isBlank() && !values.contains(value.strip())) {
      values.add(value.strip());
    }
  }
}
