package dev.persona.nmhost;

import dev.persona.schema.client.DaemonStatus;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.ItemPage;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.RefValue;
import dev.persona.schema.client.SecretRef;

/**
 * The few daemon operations the host uses, each exactly one call of the thin client. An interface
 * so that the request handler's mapping and wiping can be tested without a daemon; the real one is
 * {@link ClientDaemonAccess}. Failures are the client's own {@link PersonaClientException}s.
 */
interface DaemonAccess extends AutoCloseable {
  DaemonStatus status();

  /** {@code PersonaClient.searchItems}: summaries without values. */
  ItemPage search(String vault, int searchKind, String term, int limit);

  /**
   * {@code PersonaClient.getItem} without reveal: plain field values only, never concealed ones.
   */
  ItemEntry item(String vault, String item);

  /** {@code PersonaClient.readRefValues} of one reference; a per-reference error is a value. */
  RefValue read(SecretRef ref);

  @Override
  void close();
}
