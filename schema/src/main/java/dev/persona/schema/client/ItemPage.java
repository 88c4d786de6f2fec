package dev.persona.schema.client;

import java.util.List;

/**
 * One page of an item listing or search; pass nextAfterId to list the next page (null at the end).
 * Immutable apart from any byte arrays, which the caller owns and should zero when done.
 */
public record ItemPage(List<ItemEntry> items, String nextAfterId) {}
