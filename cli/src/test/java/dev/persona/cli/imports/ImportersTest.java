package dev.persona.cli.imports;

import static dev.persona.cli.imports.ImportedItems.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.cli.item.ItemDraft;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportersTest {
  private static char[] resource(final String name) throws IOException {
    try (InputStream in = ImportersTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).toCharArray();
    }
  }

  @Test
  void shouldImportBitwardenJsonExport() throws IOException {
    final char[] json = resource("bitwarden_export.json");
    final List<ItemDraft> items = BitwardenJsonImporter.read(json, json.length);
    assertEquals(4, items.size());
    final ItemDraft github = items.get(0);
    assertEquals("GitHub", github.name());
    assertEquals("login", github.type());
    assertEquals("octocat", value(github, "username"));
    assertEquals("hunter2", value(github, "password"));
    assertTrue(github.findField("password").concealed());
    assertFalse(github.findField("username").concealed());
    assertEquals("otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP", value(github, "totp"));
    assertEquals(List.of("https://github.com/login"), github.urls());
    assertEquals(List.of("Work"), github.tags());
    assertEquals("recovery codes in safe", value(github, "notes"));
    assertTrue(github.findField("pin").concealed());
    assertFalse(github.findField("team").concealed());
    assertEquals("secure_note", items.get(1).type());
    assertEquals("4111111111111111", value(items.get(2), "number"));
    assertTrue(items.get(2).findField("code").concealed());
    assertEquals("ssh_key", items.get(3).type());
  }

  @Test
  void shouldRefuseEncryptedBitwardenExport() {
    final char[] json =
        "{\"encrypted\":true,\"encKeyValidation_DO_NOT_EDIT\":\"x\",\"data\":\"y\"}".toCharArray();
    final IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BitwardenJsonImporter.read(json, json.length));
    assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
  }

  @Test
  void shouldImportKeePassXcCsvExport() throws IOException {
    final char[] csv = resource("keepassxc_export.csv");
    final List<ItemDraft> items = KeePassXcCsvImporter.read(csv, csv.length);
    assertEquals(3, items.size());
    assertEquals("Bank", items.get(0).name());
    assertEquals("p,a\"ss", value(items.get(0), "password"));
    assertEquals("line one\nline two", value(items.get(0), "notes"));
    assertEquals(List.of("Finance"), items.get(0).tags());
    assertEquals(List.of("https://bank.example"), items.get(0).urls());
    assertEquals("otpauth://totp/Bank?secret=JBSWY3DPEHPK3PXP", value(items.get(0), "totp"));
    assertEquals(List.of("Work/Servers"), items.get(1).tags());
    assertTrue(items.get(2).tags().isEmpty());
  }

  @Test
  void shouldParseCsvEdgeCases() {
    final char[] csv = "\uFEFFa,\"b,c\",\"d\"\"e\"\r\n,,\n\"x\ny\",z".toCharArray();
    final var rows = CsvReader.parse(csv, csv.length);
    assertEquals(3, rows.size());
    assertEquals("b,c", rows.get(0).get(1).asString());
    assertEquals("d\"e", rows.get(0).get(2).asString());
    assertEquals(3, rows.get(1).size());
    assertEquals("x\ny", rows.get(2).get(0).asString());
    final char[] bad = "\"open".toCharArray();
    assertThrows(IllegalArgumentException.class, () -> CsvReader.parse(bad, bad.length));
  }

  @Test
  void shouldRequireTitleAndPasswordColumns() {
    final char[] csv = "Name,Secret\nx,y\n".toCharArray();
    assertThrows(IllegalArgumentException.class, () -> KeePassXcCsvImporter.read(csv, csv.length));
  }
}
