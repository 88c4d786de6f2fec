package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.ExitCodes;
import dev.persona.cli.output.DidYouMean;
import dev.persona.schema.client.AccessDeniedException;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.RefValue;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.client.VaultEntry;
import dev.persona.schema.client.VaultLockedException;
import dev.persona.schema.fb.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves many {@code persona://} references in one round trip (used by read, inject, run) and
 * explains a failure: which reference, and for NOT_FOUND whether the vault, the item or the field
 * is missing, with a "did you mean" from the names the daemon lists. The diagnosis costs extra
 * round trips only on the error path.
 */
final class RefResolver {
  private RefResolver() {}

  /** Parses every reference first, so a typo fails before anything is sent. */
  static List<SecretRef> parse(final List<String> refs) {
    final List<SecretRef> parsed = new ArrayList<>(refs.size());
    for (final String ref : refs) {
      try {
        parsed.add(SecretRef.parse(ref));
      } catch (final IllegalArgumentException e) {
        throw CliException.badInput(e.getMessage());
      }
    }
    return parsed;
  }

  /** The values in order; the caller wipes them. Throws for the first reference that failed. */
  static List<byte[]> resolve(final PersonaClient client, final List<SecretRef> refs) {
    if (refs.isEmpty()) {
      return new ArrayList<>();
    }
    final List<RefValue> values = client.readRefValues(refs);
    for (int i = 0; i < values.size(); i++) {
      final int error = values.get(i).errorCode();
      if (error != ErrorCode.OK) {
        for (final RefValue value : values) {
          if (value.value() != null) {
            Arrays.fill(value.value(), (byte) 0);
          }
        }
        throw explain(client, refs.get(i), error);
      }
    }
    final List<byte[]> out = new ArrayList<>(values.size());
    for (final RefValue value : values) {
      out.add(value.value());
    }
    return out;
  }

  static RuntimeException explain(
      final PersonaClient client, final SecretRef ref, final int error) {
    final String message = PersonaClientException.class.getSimpleName() + " for " + ref;
    if (error == ErrorCode.LOCKED) {
      return new VaultLockedException(message);
    }
    if (error == ErrorCode.DENIED
        || error == ErrorCode.TOKEN_REQUIRED
        || error == ErrorCode.TOKEN_EXPIRED) {
      return new AccessDeniedException(error, "ref=" + ref);
    }
    if (error != ErrorCode.NOT_FOUND) {
      return new PersonaClientException(error, "ref=" + ref);
    }
    try {
      return new CliException(ExitCodes.NOT_FOUND, "NOT_FOUND", diagnose(client, ref));
    } catch (final PersonaClientException e) {
      return new CliException(ExitCodes.NOT_FOUND, "NOT_FOUND", "not found: " + ref);
    }
  }

  private static String diagnose(final PersonaClient client, final SecretRef ref) {
    final List<String> vaultNames = new ArrayList<>();
    boolean vaultExists = false;
    for (final VaultEntry vault : client.listVaults()) {
      vaultNames.add(vault.name());
      vaultExists |= vault.name().equals(ref.vault()) || vault.id().equals(ref.vault());
    }
    if (!vaultExists) {
      return "no vault '"
          + ref.vault()
          + "' (in "
          + ref
          + ")"
          + suggestion(ref.vault(), vaultNames);
    }
    final ItemEntry item;
    try {
      item = client.getItem(ref.vault(), ref.item(), false);
    } catch (final PersonaClientException e) {
      if (e.errorCode() != ErrorCode.NOT_FOUND) {
        throw e;
      }
      return "no item '"
          + ref.item()
          + "' in vault '"
          + ref.vault()
          + "' (in "
          + ref
          + ")"
          + suggestion(ref.item(), Items.names(client, ref.vault()));
    }
    final List<String> fields = new ArrayList<>();
    for (final FieldEntry field : item.fields()) {
      fields.add(field.name());
    }
    item.wipe();
    return "item '"
        + item.name()
        + "' has no field '"
        + ref.field()
        + "' (in "
        + ref
        + ")"
        + suggestion(ref.field(), fields);
  }

  private static String suggestion(final String typed, final List<String> names) {
    final String best = DidYouMean.suggest(typed, names);
    return best == null || best.equals(typed) ? "" : " — did you mean '" + best + "'?";
  }
}
