package dev.persona.engine;

import java.util.List;

/** An item without its field values, for listings and search results. */
public record ItemSummary(
    String id,
    String vault,
    String name,
    ItemType type,
    long revision,
    long updatedMs,
    boolean trashed,
    List<String> tags) {}
