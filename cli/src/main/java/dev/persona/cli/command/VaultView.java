package dev.persona.cli.command;

import dev.persona.cli.json.JsonWriter;
import dev.persona.schema.client.VaultEntry;

/** The JSON form of a vault: {@code {"id","name","itemCount","createdMs"}}. */
final class VaultView {
  private VaultView() {}

  static void write(final JsonWriter json, final VaultEntry vault) {
    json.beginObject()
        .name("id")
        .value(vault.id())
        .name("name")
        .value(vault.name())
        .name("itemCount")
        .value(vault.itemCount())
        .name("createdMs")
        .value(vault.createdMs())
        .endObject();
  }
}
