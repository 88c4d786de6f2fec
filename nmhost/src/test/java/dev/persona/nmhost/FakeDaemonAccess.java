package dev.persona.nmhost;

import dev.persona.schema.client.DaemonStatus;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.ItemPage;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.RefValue;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.fb.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A daemon in memory: canned answers, recorded calls, and a failure to throw on demand. */
final class FakeDaemonAccess implements DaemonAccess {
  DaemonStatus status = new DaemonStatus(true, false, "0.1.0-test", "/r", "/a", "/d", 1, 0, 1, 1);
  ItemPage page = new ItemPage(List.of(), null);
  final Map<String, ItemEntry> items = new HashMap<>();
  final Map<String, RefValue> values = new HashMap<>();
  final List<String> calls = new ArrayList<>();
  RuntimeException failure;
  boolean closed;

  private void maybeFail() {
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public DaemonStatus status() {
    calls.add("status");
    maybeFail();
    return status;
  }

  @Override
  public ItemPage search(
      final String vault, final int searchKind, final String term, final int limit) {
    calls.add("search " + vault + " " + searchKind + " " + term + " " + limit);
    maybeFail();
    return page;
  }

  @Override
  public ItemEntry item(final String vault, final String item) {
    calls.add("item " + vault + " " + item);
    maybeFail();
    final ItemEntry entry = items.get(item);
    if (entry == null) {
      throw new PersonaClientException(ErrorCode.NOT_FOUND, "NOT_FOUND: item " + item);
    }
    return entry;
  }

  @Override
  public RefValue read(final SecretRef ref) {
    calls.add("read " + ref);
    maybeFail();
    final RefValue value = values.get(ref.toString());
    return value != null ? value : new RefValue(ErrorCode.NOT_FOUND, new byte[0]);
  }

  @Override
  public void close() {
    closed = true;
  }
}
