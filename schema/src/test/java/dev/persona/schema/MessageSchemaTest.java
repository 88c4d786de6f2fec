package dev.persona.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fails when the verifier's hand-written layout ({@link MessageSchema}) drifts from persona.fbs.
 */
class MessageSchemaTest {
  private static final Path FBS = Path.of("src/main/fbs/persona.fbs");

  private static final Pattern BLOCK =
      Pattern.compile("(table|enum|union)\\s+(\\w+)\\s*(?::\\s*(\\w+))?\\s*\\{([^}]*)}");

  @Test
  void shouldDescribeEveryTableExactlyAsPersonaFbsDeclaresIt() throws Exception {
    final Parsed fbs = parse(Files.readString(FBS));
    final Map<String, String> fromSpec = new TreeMap<>();
    for (final Field f : MessageSchema.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == TableSpec.class) {
        final TableSpec spec = (TableSpec) f.get(null);
        final String union = spec.name.equals("Request") ? "RequestBody" : "ResponseBody";
        fromSpec.put(spec.name, spec.describe(union));
      }
    }
    assertEquals(fbs.tables, fromSpec);
  }

  @Test
  void shouldListUnionMembersInPersonaFbsOrder() throws Exception {
    final Parsed fbs = parse(Files.readString(FBS));
    assertEquals(fbs.unions.get("RequestBody"), names(MessageSchema.REQUEST_BODY));
    assertEquals(fbs.unions.get("ResponseBody"), names(MessageSchema.RESPONSE_BODY));
  }

  private static List<String> names(final TableSpec[] members) {
    final List<String> out = new ArrayList<>();
    for (int i = 1; i < members.length; i++) {
      out.add(members[i].name);
    }
    return out;
  }

  record Parsed(Map<String, String> tables, Map<String, List<String>> unions) {}

  static Parsed parse(final String source) throws IOException {
    final String text = source.replaceAll("//[^\n]*", "");
    final Map<String, String> enums = new LinkedHashMap<>();
    final Map<String, List<String>> unions = new LinkedHashMap<>();
    final Map<String, String> rawTables = new LinkedHashMap<>();
    final Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      switch (m.group(1)) {
        case "enum" -> enums.put(m.group(2), m.group(3));
        case "union" -> {
          final List<String> members = new ArrayList<>();
          for (final String member : m.group(4).split(",")) {
            if (!member.isBlank()) {
              members.add(member.trim());
            }
          }
          unions.put(m.group(2), members);
        }
        default -> rawTables.put(m.group(2), m.group(4));
      }
    }
    final Map<String, String> tables = new TreeMap<>();
    for (final Map.Entry<String, String> table : rawTables.entrySet()) {
      final List<String> slots = new ArrayList<>();
      for (final String decl : table.getValue().split(";")) {
        if (decl.isBlank()) {
          continue;
        }
        final String type = decl.split(":", 2)[1].replaceAll("\\(.*\\)|=.*", "").trim();
        slots.add(kind(type, enums, unions));
      }
      tables.put(table.getKey(), String.join(" ", slots));
    }
    return new Parsed(tables, unions);
  }

  private static String kind(
      final String type, final Map<String, String> enums, final Map<String, List<String>> unions) {
    if (type.startsWith("[")) {
      final String element = type.substring(1, type.length() - 1).trim();
      return element.equals("ubyte") || element.equals("byte")
          ? "[u8]"
          : "[" + kind(element, enums, unions) + "]";
    }
    if (enums.containsKey(type)) {
      return kind(enums.get(type), enums, unions);
    }
    if (unions.containsKey(type)) {
      return "utype union(" + type + ")";
    }
    return switch (type) {
      case "bool", "byte", "ubyte" -> "u8";
      case "short", "ushort" -> "u16";
      case "int", "uint", "float" -> "u32";
      case "long", "ulong", "double" -> "u64";
      default -> type; // string or a table name
    };
  }
}
