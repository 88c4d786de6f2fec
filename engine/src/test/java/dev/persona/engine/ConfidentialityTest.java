package dev.persona.engine;

import static dev.persona.engine.EngineFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfidentialityTest {
  @TempDir Path home;

  @Test
  void shouldKeepNamesUrlsTagsSecretsAndAttachmentsOutOfDataFile() throws Exception {
    final List<String> needles =
        List.of(
            "Zanzibar Holdings",
            "quokka-vault",
            "portal.zanzibar-holdings.example",
            "marmalade-tag",
            "hunter2-Xyzzy-42",
            "alice.quokka@example",
            "custom-fieldvalue-plover",
            "SHA256:Pl0verFingerPrintQuokka",
            "attachment-body-zanzibar-quokka",
            "contract-quokka.pdf");
    try (Engine engine = EngineFixture.initialized(home, EngineFixture.clock())) {
      engine.createVault("quokka-vault");
      final ItemView item =
          engine.createItem(
              "quokka-vault",
              ItemDraft.builder("Zanzibar Holdings", ItemType.LOGIN)
                  .text("username", "alice.quokka@example")
                  .field("password", utf8("hunter2-Xyzzy-42"), true)
                  .text("notes", "custom-fieldvalue-plover")
                  .url("https://portal.zanzibar-holdings.example/login")
                  .tag("marmalade-tag")
                  .build());
      engine.createItem(
          "quokka-vault",
          ItemDraft.builder("ssh", ItemType.SSH_KEY)
              .text("fingerprint", "SHA256:Pl0verFingerPrintQuokka")
              .build());
      engine.putAttachment(
          "quokka-vault",
          item.id(),
          "contract-quokka.pdf",
          new ByteArrayInputStream(utf8("attachment-body-zanzibar-quokka")));
      engine.updateItem("quokka-vault", item.id(), 2, item.toDraft());
      engine.appendAudit(
          new AuditEvent(1, 1, 1, "/bin/quokka-exe", "read", "Zanzibar Holdings", "ok"));
      assertEquals(3, engine.history("quokka-vault", item.id()).size());
    }
    final byte[] data = Files.readAllBytes(home.resolve("store").resolve("data.mdb"));
    final String asLatin1 = new String(data, StandardCharsets.ISO_8859_1);
    assertTrue(data.length > 4096);
    for (final String needle : needles) {
      assertTrue(!asLatin1.contains(needle), "data.mdb contains " + needle);
      assertTrue(
          !asLatin1.contains(needle.toLowerCase(java.util.Locale.ROOT)),
          "data.mdb contains lower-case " + needle);
      final String utf16 =
          new String(needle.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1);
      assertTrue(!asLatin1.contains(utf16), "data.mdb contains UTF-16 " + needle);
    }
  }
}
