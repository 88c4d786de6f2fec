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
import dev.persona.cli.otp.Totp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeePassXmlImporterTest {
  @TempDir Path tmp;

  private static String sample() throws IOException {
    try (InputStream in = KeePassXmlImporterTest.class.getResourceAsStream("keepass_export.xml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static ImportBatch read(final String xml) {
    final char[] chars = xml.toCharArray();
    return KeePassXmlImporter.read(chars, chars.length);
  }

  @Test
  void shouldMapStandardStringsCustomFieldsUrlsAndTags() throws Exception {
    try (ImportBatch batch = read(sample())) {
      final ItemDraft github = entry(batch, "GitHub").draft();
      assertEquals("login", github.type());
      assertEquals("octocat", value(github, "username"));
      assertFalse(github.findField("username").concealed());
      assertEquals("hunter2<>", value(github, "password"));
      assertTrue(github.findField("password").concealed());
      assertEquals("line one\nline two & more", value(github, "notes"));
      assertEquals(List.of("https://github.com/login", "https://gist.github.com"), github.urls());
      assertEquals(List.of("dev", "2fa"), github.tags(), "root group is no tag; Tags are");
      assertEquals("r3c0v3ry", value(github, "recovery code"));
      assertTrue(github.findField("recovery code").concealed(), "ProtectInMemory=True");
      assertEquals("core", value(github, "team"));
      assertFalse(github.findField("team").concealed());
      assertNull(github.findField("Title"));
      assertNull(github.findField("KP2A_URL_1"));
    }
  }

  @Test
  void shouldTagEntriesWithTheirGroupPathBelowTheRootGroup() throws Exception {
    try (ImportBatch batch = read(sample())) {
      assertEquals(List.of("Work"), entry(batch, "VPN").draft().tags());
      assertEquals(List.of("Work/Servers"), entry(batch, "db01").draft().tags());
      assertEquals("tok-123", value(entry(batch, "db01").draft(), "API token"));
    }
  }

  @Test
  void shouldTurnEachKeePassTotpStorageIntoTheTotpField() throws Exception {
    try (ImportBatch batch = read(sample())) {
      final ItemDraft github = entry(batch, "GitHub").draft();
      assertEquals(
          "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&issuer=GitHub",
          value(github, "totp"));
      assertTrue(github.findField("totp").concealed());
      assertNull(github.findField("otp"));

      final ItemDraft db01 = entry(batch, "db01").draft();
      final String uri = value(db01, "totp");
      assertEquals(
          "otpauth://totp/db01?secret=JBSWY3DPEHPK3PXP&digits=8&period=60&algorithm=SHA256", uri);
      assertTrue(db01.findField("totp").concealed());
      assertNull(db01.findField("TimeOtp-Secret-Base32"), "consumed into totp");
      assertNull(db01.findField("TimeOtp-Period"));
      try (Totp totp = Totp.parse(uri.toCharArray())) {
        assertEquals(8, totp.digits());
        assertEquals(60, totp.periodSeconds());
      }

      final ItemDraft vpn = entry(batch, "VPN").draft();
      assertEquals(
          "otpauth://totp/VPN?secret=GEZDGNBVGY3TQOJQ&digits=8&period=30&algorithm=SHA1",
          value(vpn, "totp"));
      assertNull(vpn.findField("TOTP Seed"));
      assertNull(vpn.findField("TOTP Settings"));
    }
  }

  @Test
  void shouldImportBinariesAsAttachmentsAndReportMissingOnes() throws Exception {
    try (ImportBatch batch = read(sample())) {
      final List<ImportedFile> githubFiles = entry(batch, "GitHub").files();
      assertEquals(1, githubFiles.size());
      assertEquals("id_ed25519.pub", githubFiles.get(0).name());
      assertArrayEquals(
          ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
                  + " jane@laptop\n")
              .getBytes(StandardCharsets.UTF_8),
          githubFiles.get(0).content(),
          "gzip-compressed binary, by Ref");
      final List<ImportedFile> dbFiles = entry(batch, "db01").files();
      assertEquals(1, dbFiles.size());
      assertArrayEquals(
          "Host db01\n  User root\n".getBytes(StandardCharsets.UTF_8), dbFiles.get(0).content());
      assertTrue(
          batch
              .skipped()
              .contains(
                  "'db01' attachment 'host_key.pem' (binary Ref=7 is not in <Meta><Binaries>)"),
          batch.skipped().toString());
    }
  }

  @Test
  void shouldSkipTheRecycleBinAndCountHistoryVersions() throws Exception {
    try (ImportBatch batch = read(sample())) {
      assertEquals(
          List.of("GitHub", "VPN", "db01"),
          batch.entries().stream().map(e -> e.draft().name()).toList());
      assertTrue(
          batch.skipped().contains("'Old bank' (in the KeePass recycle bin)"),
          batch.skipped().toString());
      assertTrue(
          batch
              .skipped()
              .contains("2 older versions of 1 entries from KeePass history (not imported)"),
          batch.skipped().toString());
    }
  }

  @Test
  void shouldRefuseADoctypeSoThatNoExternalEntityIsExpanded() throws Exception {
    final String marker = "persona-xxe-marker-" + System.nanoTime();
    final Path secret = Files.writeString(tmp.resolve("secret.txt"), marker);
    final String xxe =
        "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE KeePassFile [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]>\n"
            + "<KeePassFile><Root><Group><Name>Root</Name><Entry>"
            + "<String><Key>Title</Key><Value>leak</Value></String>"
            + "<String><Key>Notes</Key><Value>&xxe;</Value></String>"
            + "</Entry></Group></Root></KeePassFile>";
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(xxe));
    assertTrue(e.getMessage().contains("DOCTYPE is not allowed"), e.getMessage());
    assertFalse(e.getMessage().contains(marker));
  }

  @Test
  void shouldRefuseAnEntityExpansionBombBeforeExpandingIt() {
    final String bomb =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE KeePassFile [<!ENTITY a \"aaaaaaaaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + "<KeePassFile><Root><Group><Entry><String><Key>Notes</Key><Value>&b;</Value>"
            + "</String></Entry></Group></Root></KeePassFile>";
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(bomb));
    assertTrue(e.getMessage().contains("DOCTYPE is not allowed"), e.getMessage());
  }

  @Test
  void shouldNameLineAndColumnOfTruncatedXml() throws Exception {
    final String whole = sample();
    final String truncated = whole.substring(0, whole.indexOf("<Key>UserName</Key>") + 12);
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(truncated));
    assertTrue(e.getMessage().startsWith("keepass xml: line="), e.getMessage());
  }

  @Test
  void shouldRefuseTheEncryptedXmlInsideAKdbx() {
    final String raw =
        "<KeePassFile><Root><Group><Name>Root</Name><Entry>"
            + "<String><Key>Title</Key><Value>Bank</Value></String>"
            + "<String><Key>Password</Key><Value Protected=\"True\">q8Zr1w==</Value></String>"
            + "</Entry></Group></Root></KeePassFile>";
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(raw));
    assertTrue(
        e.getMessage().contains("entry 'Bank' field 'Password' is encrypted"), e.getMessage());
  }

  @Test
  void shouldRefuseXmlThatIsNotAKeePassExport() {
    final IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> read("<?xml version=\"1.0\"?><html></html>"));
    assertTrue(e.getMessage().contains("expected <KeePassFile>"), e.getMessage());
  }
}
