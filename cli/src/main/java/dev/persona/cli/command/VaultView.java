package dev.persona.cli.command;

import dev.persona.cli.json.JsonWriter;
import dev.persona.schema.client.VaultEntry;
import dev.persona.schema.client.VaultPolicyEntry;
import dev.persona.schema.fb.ApprovalMode;
import java.util.List;

/**
 * The JSON form of a vault: {@code {"id","name","itemCount","createdMs","policy":{"approval",
 * "allowedExecutables"}}}.
 */
final class VaultView {
  private static final VaultPolicyEntry ALLOW_ANY =
      new VaultPolicyEntry(ApprovalMode.ALLOW, List.of());

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
        .name("policy");
    writePolicy(json, policyOf(vault));
    json.endObject();
  }

  static void writePolicy(final JsonWriter json, final VaultPolicyEntry policy) {
    json.beginObject()
        .name("approval")
        .value(SshKeyView.approvalName(policy.approval()))
        .name("allowedExecutables")
        .beginArray();
    for (final String exe : policy.allowedExecutables()) {
      json.value(exe);
    }
    json.endArray().endObject();
  }

  /** The vault's policy; a daemon from before vault policies sends none, which means allow-any. */
  static VaultPolicyEntry policyOf(final VaultEntry vault) {
    return vault.policy() == null ? ALLOW_ANY : vault.policy();
  }
}
