package dev.persona.cli.imports;

import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.json.JsonText;
import java.io.ByteArrayInputStream;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a KeePass 2.x / KeePassXC unencrypted XML export ({@code KeePassFile/Meta} and {@code
 * Root/Group…/Entry}) into an {@link ImportBatch}.
 *
 * <p>Mapping: {@code Title} → name; {@code UserName} → {@code username}; {@code Password} → {@code
 * password} (concealed); {@code URL} and KeePassXC's extra {@code KP2A_URL…} → urls; {@code Notes}
 * → {@code notes}; {@code otp} (KeePassXC), {@code TimeOtp-Secret-Base32} with {@code
 * TimeOtp-Length/Period/Algorithm} (KeePass 2.47+) or {@code TOTP Seed}/{@code TOTP Settings}
 * (KeePassXC before 2.6) → {@code totp} (concealed; an {@code otpauth://} URI when the parameters
 * are not the defaults); every other string keeps its key, concealed when {@code
 * ProtectInMemory="True"}. The group path below the root group ("Work/Servers") and the entry's
 * {@code Tags} → tags. Attachments ({@code Binary}, by {@code Ref} into {@code Meta/Binaries},
 * gzip-compressed or not, or inline) → attachments. Left out, each reported in the batch: entries
 * in the recycle bin, attachments whose binary is missing, and (as one count) {@code History}
 * versions. A raw KDBX payload (values {@code Protected="True"}, still encrypted) is refused.
 *
 * <p>The file comes from elsewhere, so the parser refuses any DOCTYPE and never resolves external
 * entities or DTDs (XXE). Values are copied out of the parser as {@code char[]}, never Strings.
 *
 * <p>Not thread-safe; one instance per file.
 */
public final class KeePassXmlImporter {
  /** Largest decoded attachment; a gzip bomb stops here. */
  static final int MAX_BINARY_BYTES = 64 * 1024 * 1024;

  private static final String OTP_BASE32 = "TimeOtp-Secret-Base32";
  private static final String OTP_LENGTH = "TimeOtp-Length";
  private static final String OTP_PERIOD = "TimeOtp-Period";
  private static final String OTP_ALGORITHM = "TimeOtp-Algorithm";
  private static final String LEGACY_SEED = "TOTP Seed";
  private static final String LEGACY_SETTINGS = "TOTP Settings";

  private final XMLStreamReader xml;
  private final ImportBatch batch = new ImportBatch(null);
  private final Map<String, byte[]> binaries = new HashMap<>();
  private String recycleBinUuid;
  private int historyVersions;
  private int entriesWithHistory;

  /** The key of the current entry's first {@code Protected="True"} value, if any. */
  private String encryptedField;

  /** One {@code <String>}: its key, its value, and whether KeePass protects it in memory. */
  private record Value(JsonText text, boolean protectedInMemory) {}

  private KeePassXmlImporter(final XMLStreamReader xml) {
    this.xml = xml;
  }

  public static ImportBatch read(final char[] in, final int length) {
    final XMLStreamReader reader;
    try {
      reader = factory().createXMLStreamReader(new CharArrayReader(in, 0, length));
    } catch (final XMLStreamException e) {
      throw syntax(e);
    }
    final KeePassXmlImporter importer = new KeePassXmlImporter(reader);
    boolean complete = false;
    try {
      importer.document();
      complete = true;
      return importer.batch;
    } catch (final XMLStreamException e) {
      throw syntax(e);
    } finally {
      for (final byte[] binary : importer.binaries.values()) {
        Arrays.fill(binary, (byte) 0);
      }
      if (!complete) {
        importer.wipeBatch();
      }
      try {
        reader.close();
      } catch (final XMLStreamException e) {
        // closing a reader over a char array cannot fail in a way that matters here
      }
    }
  }

  /** The JDK's own StAX parser, with everything that could reach outside the file turned off. */
  private static XMLInputFactory factory() {
    final XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external entity refused: " + systemId);
        });
    return factory;
  }

  private void document() throws XMLStreamException {
    boolean seenRoot = false;
    while (xml.hasNext()) {
      final int event = xml.next();
      if (event == XMLStreamConstants.DTD) {
        throw new IllegalArgumentException(
            "keepass xml: line="
                + xml.getLocation().getLineNumber()
                + ": a DOCTYPE is not allowed (a KeePass export has none; refused so that no"
                + " entity can reach outside the file)");
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        if (seenRoot || !xml.getLocalName().equals("KeePassFile")) {
          throw new IllegalArgumentException(
              "keepass xml: root element is <"
                  + xml.getLocalName()
                  + ">, expected <KeePassFile>; is this a KeePass XML export?");
        }
        seenRoot = true;
        keePassFile();
      }
    }
    if (!seenRoot) {
      throw new IllegalArgumentException(
          "keepass xml: no <KeePassFile> element; is this a KeePass XML export?");
    }
    if (historyVersions > 0) {
      batch.skip(
          historyVersions
              + " older versions of "
              + entriesWithHistory
              + " entries from KeePass history (not imported)");
    }
  }

  private void keePassFile() throws XMLStreamException {
    while (nextChild()) {
      switch (xml.getLocalName()) {
        case "Meta" -> meta();
        case "Root" -> root();
        default -> skipElement();
      }
    }
  }

  private void meta() throws XMLStreamException {
    while (nextChild()) {
      switch (xml.getLocalName()) {
        case "Binaries" -> {
          while (nextChild()) {
            if (xml.getLocalName().equals("Binary")) {
              final String id = xml.getAttributeValue(null, "ID");
              final boolean compressed =
                  "true".equalsIgnoreCase(xml.getAttributeValue(null, "Compressed"));
              final JsonText base64 = text();
              try {
                binaries.put(id, decode(base64, compressed, "binary ID=" + id));
              } finally {
                base64.wipe();
              }
            } else {
              skipElement();
            }
          }
        }
        case "RecycleBinUUID" -> recycleBinUuid = string();
        default -> skipElement();
      }
    }
  }

  private void root() throws XMLStreamException {
    while (nextChild()) {
      if (xml.getLocalName().equals("Group")) {
        group(null, false);
      } else {
        skipElement(); // DeletedObjects: ids of deleted entries, nothing to import
      }
    }
  }

  /**
   * One group; path is the tag of its parent (null for the root group, whose name is the database
   * name and not a folder the user made).
   */
  private void group(final String parentPath, final boolean inParentBin) throws XMLStreamException {
    String uuid = null;
    String name = "";
    while (nextChild()) {
      switch (xml.getLocalName()) {
        case "UUID" -> uuid = string();
        case "Name" -> name = string().strip();
        case "Entry" -> entry(tagOf(parentPath, name), inParentBin || isBin(uuid));
        case "Group" ->
            group(parentPath == null ? "" : tagOf(parentPath, name), inParentBin || isBin(uuid));
        default -> skipElement();
      }
    }
  }

  private boolean isBin(final String uuid) {
    return uuid != null && uuid.equals(recycleBinUuid);
  }

  private static String tagOf(final String parentPath, final String name) {
    if (parentPath == null) {
      return "";
    }
    return parentPath.isEmpty() ? name : parentPath + "/" + name;
  }

  private void entry(final String groupTag, final boolean inRecycleBin) throws XMLStreamException {
    final Map<String, Value> strings = new LinkedHashMap<>();
    final List<String> tags = new ArrayList<>();
    final List<ImportedFile> files = new ArrayList<>();
    final List<String> missing = new ArrayList<>();
    encryptedField = null;
    boolean filesOwnedByBatch = false;
    try {
      while (nextChild()) {
        switch (xml.getLocalName()) {
          case "String" -> string(strings);
          case "Binary" -> binary(files, missing);
          case "Tags" -> {
            for (final String tag : string().split("[;,]")) {
              DraftFields.addDistinct(tags, tag);
            }
          }
          case "History" -> {
            final int versions = countChildren();
            historyVersions += versions;
            entriesWithHistory += versions > 0 ? 1 : 0;
          }
          default -> skipElement();
        }
      }
      final Value title = strings.remove("Title");
      final String name =
          title == null || title.text().asString().isBlank()
              ? "untitled"
              : title.text().asString().strip();
      if (title != null) {
        title.text().wipe();
      }
      refuseEncrypted(name);
      if (inRecycleBin) {
        batch.skip("'" + name + "' (in the KeePass recycle bin)");
        return;
      }
      final ItemDraft draft = new ItemDraft().name(name).type("login");
      DraftFields.addDistinct(draft.tags(), groupTag);
      for (final String tag : tags) {
        DraftFields.addDistinct(draft.tags(), tag);
      }
      final ImportBatch.Entry entry = batch.add(draft);
      entry.files().addAll(files);
      filesOwnedByBatch = true;
      for (final String attachment : missing) {
        batch.skip("'" + name + "' " + attachment);
      }
      map(draft, strings);
    } finally {
      for (final Value value : strings.values()) {
        value.text().wipe();
      }
      if (!filesOwnedByBatch) {
        files.forEach(ImportedFile::wipe);
      }
    }
  }

  /** {@code Protected="True"} values are still XOR-encrypted: this is not an XML export. */
  private void refuseEncrypted(final String name) {
    // checked after reading so that the message can name the entry
    if (encryptedField != null) {
      throw new IllegalArgumentException(
          "keepass xml: entry '"
              + name
              + "' field '"
              + encryptedField
              + "' is encrypted (Protected=\"True\"): this is the inside of a .kdbx, not an"
              + " export; export again with 'KeePass XML (unencrypted)'");
    }
  }

  private void map(final ItemDraft draft, final Map<String, Value> strings) {
    put(draft, "username", strings.remove("UserName"), false);
    put(draft, "password", strings.remove("Password"), true);
    final Value url = strings.remove("URL");
    if (url != null) {
      DraftFields.addDistinct(draft.urls(), url.text().asString());
      url.text().wipe();
    }
    put(draft, "notes", strings.remove("Notes"), false);
    totp(draft, strings);
    for (final Map.Entry<String, Value> custom : strings.entrySet()) {
      if (custom.getKey().startsWith("KP2A_URL")) {
        DraftFields.addDistinct(draft.urls(), custom.getValue().text().asString());
      } else {
        DraftFields.add(
            draft,
            custom.getKey(),
            null,
            custom.getValue().text(),
            custom.getValue().protectedInMemory());
      }
    }
  }

  private static void put(
      final ItemDraft draft, final String name, final Value value, final boolean concealed) {
    if (value != null) {
      DraftFields.add(draft, name, null, value.text(), concealed);
      value.text().wipe();
    }
  }

  /** Three generations of KeePass TOTP storage, newest first; the fields used are consumed. */
  private static void totp(final ItemDraft draft, final Map<String, Value> strings) {
    final Value otp = strings.remove("otp");
    if (otp != null) {
      put(draft, "totp", otp, true);
      return;
    }
    final Value base32 = strings.get(OTP_BASE32);
    if (base32 != null) {
      final int digits = integer(strings.get(OTP_LENGTH), OtpAuthUri.DEFAULT_DIGITS);
      final int period = integer(strings.get(OTP_PERIOD), OtpAuthUri.DEFAULT_PERIOD_SECONDS);
      final Value algorithmValue = strings.get(OTP_ALGORITHM);
      final String algorithm =
          algorithmValue == null
              ? OtpAuthUri.DEFAULT_ALGORITHM
              : algorithmValue
                  .text()
                  .asString()
                  .toUpperCase(Locale.ROOT)
                  .replace("HMAC-", "")
                  .replace("-", "");
      putTotp(draft, base32, digits, period, algorithm);
      for (final String key : new String[] {OTP_BASE32, OTP_LENGTH, OTP_PERIOD, OTP_ALGORITHM}) {
        final Value consumed = strings.remove(key);
        if (consumed != null) {
          consumed.text().wipe();
        }
      }
      return;
    }
    final Value seed = strings.remove(LEGACY_SEED);
    if (seed != null) {
      // "30;6": period;digits ("S" for Steam's alphabet, which an otpauth URI cannot express)
      final Value settings = strings.remove(LEGACY_SETTINGS);
      int period = OtpAuthUri.DEFAULT_PERIOD_SECONDS;
      int digits = OtpAuthUri.DEFAULT_DIGITS;
      if (settings != null) {
        final String[] parts = settings.text().asString().split(";");
        period = parts.length > 0 ? parse(parts[0], period) : period;
        digits = parts.length > 1 ? parse(parts[1], digits) : digits;
        settings.text().wipe();
      }
      putTotp(draft, seed, digits, period, OtpAuthUri.DEFAULT_ALGORITHM);
      seed.text().wipe();
    }
  }

  private static void putTotp(
      final ItemDraft draft,
      final Value secret,
      final int digits,
      final int period,
      final String algorithm) {
    if (digits == OtpAuthUri.DEFAULT_DIGITS
        && period == OtpAuthUri.DEFAULT_PERIOD_SECONDS
        && algorithm.equals(OtpAuthUri.DEFAULT_ALGORITHM)) {
      DraftFields.add(draft, "totp", null, secret.text(), true);
      return;
    }
    final char[] secretChars = secret.text().copyChars();
    final JsonText uri =
        JsonText.of(OtpAuthUri.totp(draft.name(), secretChars, digits, period, algorithm));
    Arrays.fill(secretChars, '\0');
    DraftFields.add(draft, "totp", null, uri, true);
    uri.wipe();
  }

  private static int integer(final Value value, final int fallback) {
    return value == null ? fallback : parse(value.text().asString(), fallback);
  }

  private static int parse(final String text, final int fallback) {
    try {
      return Integer.parseInt(text.strip());
    } catch (final NumberFormatException e) {
      return fallback;
    }
  }

  private void string(final Map<String, Value> strings) throws XMLStreamException {
    String key = null;
    JsonText value = null;
    boolean protectInMemory = false;
    try {
      while (nextChild()) {
        switch (xml.getLocalName()) {
          case "Key" -> key = string();
          case "Value" -> {
            protectInMemory =
                "true".equalsIgnoreCase(xml.getAttributeValue(null, "ProtectInMemory"));
            final boolean encrypted =
                "true".equalsIgnoreCase(xml.getAttributeValue(null, "Protected"));
            if (value != null) {
              value.wipe();
            }
            value = text();
            if (encrypted && encryptedField == null) {
              encryptedField = key == null ? "?" : key;
            }
          }
          default -> skipElement();
        }
      }
      if (key != null && value != null) {
        final Value previous = strings.put(key, new Value(value, protectInMemory));
        if (previous != null) {
          previous.text().wipe();
        }
        value = null;
      }
    } finally {
      if (value != null) {
        value.wipe();
      }
    }
  }

  private void binary(final List<ImportedFile> files, final List<String> missing)
      throws XMLStreamException {
    String key = null;
    byte[] content = null;
    String ref = null;
    while (nextChild()) {
      switch (xml.getLocalName()) {
        case "Key" -> key = string();
        case "Value" -> {
          ref = xml.getAttributeValue(null, "Ref");
          if (ref != null) {
            skipElement();
            final byte[] shared = binaries.get(ref);
            content = shared == null ? null : shared.clone();
          } else {
            final boolean compressed =
                "true".equalsIgnoreCase(xml.getAttributeValue(null, "Compressed"));
            final JsonText base64 = text();
            try {
              content = decode(base64, compressed, "inline binary");
            } finally {
              base64.wipe();
            }
          }
        }
        default -> skipElement();
      }
    }
    final String name = key == null || key.isBlank() ? "attachment" : key.strip();
    if (content == null) {
      missing.add("attachment '" + name + "' (binary Ref=" + ref + " is not in <Meta><Binaries>)");
    } else {
      files.add(ImportedFile.inMemory(name, content));
    }
  }

  /** Base64 (whitespace allowed), then gunzip when compressed; bounded by MAX_BINARY_BYTES. */
  private static byte[] decode(final JsonText base64, final boolean compressed, final String what) {
    final char[] chars = base64.copyChars();
    final byte[] ascii = new byte[chars.length];
    int length = 0;
    for (final char c : chars) {
      if (!Character.isWhitespace(c)) {
        ascii[length++] = (byte) c;
      }
    }
    Arrays.fill(chars, '\0');
    final byte[] raw;
    try {
      raw = java.util.Base64.getDecoder().decode(Arrays.copyOf(ascii, length));
    } catch (final IllegalArgumentException e) {
      throw new IllegalArgumentException("keepass xml: " + what + " is not valid base64", e);
    } finally {
      Arrays.fill(ascii, (byte) 0);
    }
    if (!compressed) {
      return raw;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      final byte[] out = in.readNBytes(MAX_BINARY_BYTES);
      if (in.read() >= 0) {
        Arrays.fill(out, (byte) 0);
        throw new IllegalArgumentException(
            "keepass xml: " + what + " is larger than max_bytes=" + MAX_BINARY_BYTES);
      }
      return out;
    } catch (final IOException e) {
      throw new IllegalArgumentException(
          "keepass xml: " + what + " is not valid gzip (" + e.getMessage() + ")", e);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Moves to the next child element of the current one; false at the current element's end tag.
   * Text between elements (indentation) is ignored.
   */
  private boolean nextChild() throws XMLStreamException {
    while (true) {
      final int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        return true;
      }
      if (event == XMLStreamConstants.END_ELEMENT) {
        return false;
      }
      if (event == XMLStreamConstants.END_DOCUMENT) {
        throw new XMLStreamException("unexpected end of document", xml.getLocation());
      }
    }
  }

  private void skipElement() throws XMLStreamException {
    while (nextChild()) {
      skipElement();
    }
  }

  private int countChildren() throws XMLStreamException {
    int count = 0;
    while (nextChild()) {
      count++;
      skipElement();
    }
    return count;
  }

  /** The current element's text, for values that are not secret (keys, names, ids). */
  private String string() throws XMLStreamException {
    final JsonText text = text();
    try {
      return text.asString();
    } finally {
      text.wipe();
    }
  }

  /**
   * The current element's text, copied out of the parser's buffer into a holder the caller wipes;
   * nested elements are skipped.
   */
  private JsonText text() throws XMLStreamException {
    char[] buffer = new char[64];
    int length = 0;
    try {
      while (true) {
        final int event = xml.next();
        switch (event) {
          case XMLStreamConstants.CHARACTERS,
              XMLStreamConstants.CDATA,
              XMLStreamConstants.SPACE -> {
            final int n = xml.getTextLength();
            if (length + n > buffer.length) {
              final char[] bigger = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
              Arrays.fill(buffer, '\0');
              buffer = bigger;
            }
            System.arraycopy(xml.getTextCharacters(), xml.getTextStart(), buffer, length, n);
            length += n;
          }
          case XMLStreamConstants.START_ELEMENT -> skipElement();
          case XMLStreamConstants.END_ELEMENT -> {
            return JsonText.of(Arrays.copyOf(buffer, length));
          }
          case XMLStreamConstants.END_DOCUMENT ->
              throw new XMLStreamException("unexpected end of document", xml.getLocation());
          default -> {
            // comments and processing instructions carry no value
          }
        }
      }
    } finally {
      Arrays.fill(buffer, '\0');
    }
  }

  private void wipeBatch() {
    try {
      batch.close();
    } catch (final IOException e) {
      throw new IllegalStateException("closing a batch without an archive cannot fail", e);
    }
  }

  /** A parse error as the user reads it: where, and what, without the parser's boilerplate. */
  private static IllegalArgumentException syntax(final XMLStreamException e) {
    final Location location = e.getLocation();
    String message = e.getMessage() == null ? "malformed XML" : e.getMessage();
    final int at = message.indexOf("Message: ");
    if (at >= 0) {
      message = message.substring(at + "Message: ".length());
    }
    return new IllegalArgumentException(
        "keepass xml: "
            + (location == null
                ? ""
                : "line="
                    + location.getLineNumber()
                    + " column="
                    + location.getColumnNumber()
                    + ": ")
            + message.strip(),
        e);
  }
}
