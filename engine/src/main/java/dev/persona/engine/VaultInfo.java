package dev.persona.engine;

/** A named vault of the workspace. */
public record VaultInfo(String id, String name, long createdMs) {}
