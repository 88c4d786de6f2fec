package dev.persona.cli.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a parsed JSON tree ({@link JsonReader}) with errors that name the member, never
 * the value.
 *
 * <p>Stateless; thread-safe.
 */
public final class JsonValues {
  private JsonValues() {}

  @SuppressWarnings("unchecked") // JsonReader only produces Map<String, Object> for objects.
  public static Map<String, Object> object(final Object value, final String what) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new JsonSyntaxException("json: expected an object: member=" + what);
  }

  @SuppressWarnings("unchecked") // JsonReader only produces List<Object> for arrays.
  public static List<Object> array(final Object value, final String what) {
    if (value instanceof List<?> list) {
      return (List<Object>) list;
    }
    throw new JsonSyntaxException("json: expected an array: member=" + what);
  }

  /** A non-secret string member, or null when absent or JSON null. */
  public static String string(final Map<String, Object> object, final String key) {
    final Object value = object.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonText text) {
      return text.asString();
    }
    if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return String.valueOf(value);
    }
    throw new JsonSyntaxException("json: expected a string: member=" + key);
  }

  /** A (possibly secret) string member as JsonText, or null when absent or JSON null. */
  public static JsonText text(final Map<String, Object> object, final String key) {
    final Object value = object.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonText text) {
      return text;
    }
    if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return new JsonText(String.valueOf(value).toCharArray());
    }
    throw new JsonSyntaxException("json: expected a string: member=" + key);
  }

  /**
   * A (possibly secret) scalar as JsonText; numbers and booleans are accepted as their JSON text.
   */
  public static JsonText text(final Object value, final String what) {
    if (value instanceof JsonText text) {
      return text;
    }
    if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return new JsonText(String.valueOf(value).toCharArray());
    }
    throw new JsonSyntaxException("json: expected a string: member=" + what);
  }

  /**
   * A list of non-secret strings; absent means empty. A single string is accepted as a list of one.
   */
  public static List<String> strings(final Map<String, Object> object, final String key) {
    final Object value = object.get(key);
    final List<String> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (value instanceof JsonText text) {
      result.add(text.asString());
      return result;
    }
    for (final Object element : array(value, key)) {
      if (!(element instanceof JsonText text)) {
        throw new JsonSyntaxException("json: expected an array of strings: member=" + key);
      }
      result.add(text.asString());
    }
    return result;
  }

  public static boolean bool(
      final Map<String, Object> object, final String key, final boolean fallback) {
    final Object value = object.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new JsonSyntaxException("json: expected true or false: member=" + key);
  }

  public static long number(
      final Map<String, Object> object, final String key, final long fallback) {
    final Object value = object.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Long l) {
      return l;
    }
    throw new JsonSyntaxException("json: expected an integer: member=" + key);
  }

  /** Wipes every JsonText in a parsed tree. */
  public static void wipe(final Object tree) {
    if (tree instanceof JsonText text) {
      text.wipe();
    } else if (tree instanceof Map<?, ?> map) {
      for (final Object value : map.values()) {
        wipe(value);
      }
    } else if (tree instanceof List<?> list) {
      for (final Object value : list) {
        wipe(value);
      }
    }
  }
}
