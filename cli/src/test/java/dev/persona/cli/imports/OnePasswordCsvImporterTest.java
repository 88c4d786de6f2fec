package dev.persona.cli.imports;

import static dev.persona.cli.imports.ImportedItems.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.cli.item.ItemDraft;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnePasswordCsvImporterTest {
  private static List<ItemDraft> read(final String csv) {
    final char[] chars = csv.toCharArray();
    return OnePasswordCsvImporter.read(chars, chars.length);
  }

  private static String sample() throws IOException {
    try (InputStream in =
        OnePasswordCsvImporterTest.class.getResourceAsStream("onepassword_export.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldImportOnePassword8CsvExport() throws Exception {
    final List<ItemDraft> items = read(sample());
    assertEquals(3, items.size());
    final ItemDraft github = items.get(0);
    assertEquals("GitHub", github.name());
    assertEquals("login", github.type());
    assertEquals("octocat", value(github, "username"));
    assertEquals("hunter2,with \"quotes\"", value(github, "password"));
    assertTrue(github.findField("password").concealed());
    assertEquals(
        "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
        value(github, "totp"));
    assertTrue(github.findField("totp").concealed());
    assertEquals("recovery codes\nin the safe", value(github, "notes"));
    assertEquals(List.of("https://github.com/login"), github.urls());
    assertEquals(List.of("dev", "work"), github.tags());
    assertNull(github.findField("Favorite"), "Persona has no favourites");
    assertEquals(List.of("archived"), items.get(1).tags());
    assertTrue(items.get(2).urls().isEmpty());
    assertNull(items.get(2).findField("username"), "empty cells are left out");
  }

  @Test
  void shouldFindColumnsInAnyOrderAndCaseAndKeepUnknownOnesAsFields() {
    final List<ItemDraft> items =
        read(
            "notes,PASSWORD,website,title,One-time password,Type,Security answer,Member id\n"
                + "n,pw,https://a.example https://b.example,Shop,JBSWY3DPEHPK3PXP,Login,blue,42\n"
                + ",,,Diary,,Secure Note,,\n");
    final ItemDraft shop = items.get(0);
    assertEquals("Shop", shop.name());
    assertEquals("pw", value(shop, "password"));
    assertEquals("JBSWY3DPEHPK3PXP", value(shop, "totp"));
    assertEquals("n", value(shop, "notes"));
    assertEquals(List.of("https://a.example", "https://b.example"), shop.urls());
    assertEquals("blue", value(shop, "Security answer"));
    assertFalse(shop.findField("Member id").concealed());
    assertEquals("42", value(shop, "Member id"));
    assertEquals("secure_note", items.get(1).type());
  }

  @Test
  void shouldConcealUnknownColumnsWhoseNameSoundsSecret() {
    final List<ItemDraft> items = read("Title,Password,Recovery key\nx,y,z\n");
    assertTrue(items.get(0).findField("Recovery key").concealed());
  }

  @Test
  void shouldRequireTitleAndPasswordColumns() {
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read("Name,Secret\nx,y\n"));
    assertTrue(e.getMessage().startsWith("1password csv: header must name"), e.getMessage());
  }
}
