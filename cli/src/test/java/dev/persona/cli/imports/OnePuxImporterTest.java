package dev.persona.cli.imports;

import static dev.persona.cli.imports.ImportedItems.entry;
import static dev.persona.cli.imports.ImportedItems.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.cli.item.ItemDraft;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnePuxImporterTest {
  @TempDir Path tmp;

  private static ItemDraft named(final ImportBatch batch, final String name) {
    return entry(batch, name).draft();
  }

  @Test
  void shouldMapLoginTitleCredentialsUrlsTagsNotesAndTotp() throws Exception {
    try (ImportBatch batch = OnePuxImporter.read(OnePuxSample.write(tmp))) {
      final ItemDraft github = named(batch, "GitHub");
      assertEquals("login", github.type());
      assertEquals("octocat", value(github, "username"));
      assertFalse(github.findField("username").concealed());
      assertEquals("hunter2", value(github, "password"));
      assertTrue(github.findField("password").concealed());
      assertEquals(
          "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
          value(github, "totp"));
      assertTrue(github.findField("totp").concealed());
      assertEquals("recovery codes in the safe", value(github, "notes"));
      assertEquals(List.of("https://github.com/login", "https://gist.github.com"), github.urls());
      assertEquals(List.of("dev", "Private"), github.tags(), "own tags, then the 1Password vault");
      assertNull(github.findField("remember_me"), "form checkboxes are not data");
    }
  }

  @Test
  void shouldKeepSectionFieldsByTitleWithoutOverwritingTheLoginPassword() throws Exception {
    try (ImportBatch batch = OnePuxImporter.read(OnePuxSample.write(tmp))) {
      final ItemDraft github = named(batch, "GitHub");
      assertEquals("r3c0v3ry", value(github, "recovery code"));
      assertTrue(github.findField("recovery code").concealed());
      assertEquals("core", value(github, "team"));
      assertFalse(github.findField("team").concealed());
      assertEquals("hunter2", value(github, "password"));
      assertEquals("sudo-pw", value(github, "Security password"));
      assertTrue(github.findField("Security password").concealed());
    }
  }

  @Test
  void shouldMapEachCategoryToAPersonaItemType() throws Exception {
    try (ImportBatch batch = OnePuxImporter.read(OnePuxSample.write(tmp))) {
      final ItemDraft router = named(batch, "Router admin");
      assertEquals("login", router.type());
      assertEquals("r0uter-adm1n", value(router, "password"));
      assertTrue(router.findField("password").concealed());
      assertEquals(List.of("http://192.168.1.1"), router.urls());

      final ItemDraft house = named(batch, "House notes");
      assertEquals("secure_note", house.type());
      assertEquals("gate code 4711, spare key under the pot", value(house, "notes"));
      assertEquals(List.of("archived", "Private"), house.tags());

      final ItemDraft visa = named(batch, "Visa");
      assertEquals("secure_note", visa.type());
      assertEquals("4111111111111111", value(visa, "number"));
      assertTrue(visa.findField("number").concealed());
      assertTrue(visa.findField("verification number").concealed());
      assertEquals("Jane Doe", value(visa, "cardholder name"));
      assertEquals("visa", value(visa, "type"));
      assertEquals("2027-12", value(visa, "expiry date"));
      assertNull(visa.findField("valid from"), "empty values are left out");
      assertEquals("Example Bank", value(visa, "issuing bank"));
      assertEquals("9876", value(visa, "PIN"));
      assertEquals(List.of("finance", "Private"), visa.tags());

      final ItemDraft server = named(batch, "db01");
      assertEquals("login", server.type());
      assertEquals("root", value(server, "username"));
      assertEquals("t00r-db01", value(server, "password"));
      assertTrue(server.findField("password").concealed());
      assertEquals("db01.example.com", value(server, "URL"));
      assertEquals("ops@example.com", value(server, "support email"));
      assertEquals("2026-01-01", value(server, "renewal date"));
      assertEquals(List.of("Work"), server.tags());

      final ItemDraft api = named(batch, "Deploy API");
      assertEquals("api_credential", api.type());
      assertEquals("ghp_exampleToken123", value(api, "credential"));
      assertTrue(api.findField("credential").concealed());
      assertEquals("2027-01-01", value(api, "expires"));
    }
  }

  @Test
  void shouldSkipTrashedItemsAndReportEverythingLeftOut() throws Exception {
    try (ImportBatch batch = OnePuxImporter.read(OnePuxSample.write(tmp))) {
      assertEquals(
          List.of(
              "GitHub",
              "Router admin",
              "House notes",
              "Passport scan",
              "Visa",
              "db01",
              "Deploy API"),
          batch.entries().stream().map(e -> e.draft().name()).toList());
      assertEquals(
          List.of(
              "'Old bank' (in the 1Password trash)",
              "'Visa' attachment 'card.jpg' (missing from the archive)",
              "'Visa' field 'billing login' (a link to another 1Password item)",
              "1 old passwords from 1Password's password history (not imported)"),
          batch.skipped());
    }
  }

  @Test
  void shouldReadDocumentsAndFileFieldsAsAttachments() throws Exception {
    try (ImportBatch batch = OnePuxImporter.read(OnePuxSample.write(tmp))) {
      assertEquals(2, batch.fileCount());
      final ImportedFile passport = entry(batch, "Passport scan").files().get(0);
      assertEquals("passport.txt", passport.name());
      assertEquals("text/plain", passport.contentType());
      assertArrayEquals(
          "Passport no. X1234567\nJane Doe\n".getBytes(StandardCharsets.UTF_8), passport.content());
      final ImportedFile config = entry(batch, "db01").files().get(0);
      assertEquals("config.txt", config.name());
      assertEquals(34, config.length());
      assertArrayEquals(
          "Host db01\n  User root\n  Port 2222\n".getBytes(StandardCharsets.UTF_8),
          config.content());
    }
  }

  @Test
  void shouldRefuseAFileThatIsNotAZipArchive() throws Exception {
    final Path notZip = Files.writeString(tmp.resolve("export.1pux"), "{\"accounts\":[]}");
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnePuxImporter.read(notZip));
    assertTrue(e.getMessage().contains("not a readable ZIP archive"), e.getMessage());
  }

  @Test
  void shouldRefuseATruncatedArchive() throws Exception {
    final byte[] whole = Files.readAllBytes(OnePuxSample.write(tmp));
    final Path truncated =
        Files.write(tmp.resolve("truncated.1pux"), Arrays.copyOf(whole, whole.length / 2));
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnePuxImporter.read(truncated));
    assertTrue(e.getMessage().contains("not a readable ZIP archive"), e.getMessage());
  }

  @Test
  void shouldRefuseAnArchiveWithoutExportData() throws Exception {
    final Path noData =
        OnePuxSample.write(tmp.resolve("no-data.1pux"), List.of("export.attributes"), null);
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnePuxImporter.read(noData));
    assertTrue(e.getMessage().contains("no export.data"), e.getMessage());
  }

  @Test
  void shouldNameLineAndColumnOfMalformedExportData() throws Exception {
    final Path bad =
        OnePuxSample.write(
            tmp.resolve("bad.1pux"),
            List.of("export.data"),
            "{\"accounts\": [\n  {\"vaults\": [}\n]}".getBytes(StandardCharsets.UTF_8));
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnePuxImporter.read(bad));
    assertTrue(e.getMessage().startsWith("1pux: export.data: json: "), e.getMessage());
    assertTrue(e.getMessage().contains("line=2"), e.getMessage());
  }

  @Test
  void shouldNameTheEntryAndVaultOfAnItemWithTheWrongShape() throws Exception {
    final String data =
        "{\"accounts\":[{\"vaults\":[{\"attrs\":{\"name\":\"Private\"},\"items\":["
            + "{\"categoryUuid\":\"001\",\"overview\":{\"title\":\"Broken\"},\"details\":\"oops\"}"
            + "]}]}]}";
    final Path bad =
        OnePuxSample.write(
            tmp.resolve("shape.1pux"),
            List.of("export.data"),
            data.getBytes(StandardCharsets.UTF_8));
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnePuxImporter.read(bad));
    assertTrue(
        e.getMessage().contains("entry 'Broken' in vault 'Private'")
            && e.getMessage().contains("member=details"),
        e.getMessage());
  }

  @Test
  void shouldRefuseJsonThatIsNotA1PasswordExport() throws Exception {
    final Path other =
        OnePuxSample.write(
            tmp.resolve("other.1pux"),
            List.of("export.data"),
            "{\"items\":[]}".getBytes(StandardCharsets.UTF_8));
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnePuxImporter.read(other));
    assertTrue(e.getMessage().contains("no member=accounts"), e.getMessage());
  }
}
