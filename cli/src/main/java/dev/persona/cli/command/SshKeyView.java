package dev.persona.cli.command;

import dev.persona.cli.json.JsonWriter;
import dev.persona.schema.client.SshKeyEntry;
import dev.persona.schema.client.SshPolicy;
import dev.persona.schema.fb.ApprovalMode;
import dev.persona.schema.fb.SshKeyType;
import java.util.Locale;

/** The JSON form of an SSH key (public parts and policy only). */
final class SshKeyView {
  private SshKeyView() {}

  static String typeName(final int type) {
    return type >= 0 && type < SshKeyType.names.length
        ? SshKeyType.name(type).toLowerCase(Locale.ROOT)
        : "type_" + type;
  }

  static String approvalName(final int approval) {
    return approval >= 0 && approval < ApprovalMode.names.length
        ? ApprovalMode.name(approval).toLowerCase(Locale.ROOT)
        : "mode_" + approval;
  }

  static void write(final JsonWriter json, final SshKeyEntry key) {
    json.beginObject()
        .name("id")
        .value(key.id())
        .name("name")
        .value(key.name())
        .name("vault")
        .value(key.vault())
        .name("type")
        .value(typeName(key.type()))
        .name("bits")
        .value(key.bits())
        .name("fingerprint")
        .value(key.fingerprint())
        .name("publicKey")
        .value(key.publicKey())
        .name("comment")
        .value(key.comment())
        .name("createdMs")
        .value(key.createdMs());
    json.name("policy");
    writePolicy(json, key.policy());
    json.endObject();
  }

  static void writePolicy(final JsonWriter json, final SshPolicy policy) {
    if (policy == null) {
      json.nullValue();
      return;
    }
    json.beginObject()
        .name("approval")
        .value(approvalName(policy.approval()))
        .name("allowedExecutables")
        .beginArray();
    for (final String exe : policy.allowedExecutables()) {
      json.value(exe);
    }
    json.endArray().name("allowedHosts").beginArray();
    for (final String host : policy.allowedHosts()) {
      json.value(host);
    }
    json.endArray().name("rememberMs").value(policy.rememberMs()).endObject();
  }
}
