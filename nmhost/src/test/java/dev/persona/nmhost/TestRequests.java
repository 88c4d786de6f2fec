package dev.persona.nmhost;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Renders requests and arbitrary JSON trees as the add-on (or a fuzzer) would send them. */
final class TestRequests {
  /** Stands for JSON null in generated trees (jqwik values are never null). */
  static final Object JSON_NULL = new Object();

  private static final JsonFactory PLAIN = new JsonFactory();

  private TestRequests() {}

  /** The request as JSON with its fields in an order chosen by {@code random}. */
  static byte[] render(final HostRequest request, final Random random) {
    final List<Map.Entry<String, Object>> fields = new ArrayList<>();
    fields.add(
        Map.entry("id", request.id().text() != null ? request.id().text() : request.id().number()));
    switch (request) {
      case HostRequest.Hello hello -> fields.add(Map.entry("type", "hello"));
      case HostRequest.Status status -> fields.add(Map.entry("type", "status"));
      case HostRequest.Search search -> {
        fields.add(Map.entry("type", "search"));
        fields.add(Map.entry("query", search.query()));
        if (search.by() != HostRequest.SearchBy.URL || random.nextBoolean()) {
          fields.add(Map.entry("by", search.by().wireName()));
        }
        if (search.vault() != null) {
          fields.add(Map.entry("vault", search.vault()));
        }
        if (search.limit() != HostRequest.Search.DEFAULT_LIMIT || random.nextBoolean()) {
          fields.add(Map.entry("limit", (long) search.limit()));
        }
      }
      case HostRequest.Read read -> {
        fields.add(Map.entry("type", "read"));
        fields.add(Map.entry("ref", read.ref().toString()));
      }
    }
    Collections.shuffle(fields, random);
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = PLAIN.createGenerator(out)) {
      g.writeStartObject();
      for (final Map.Entry<String, Object> field : fields) {
        g.writeFieldName(field.getKey());
        write(g, field.getValue());
      }
      g.writeEndObject();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A tree of maps, lists, strings, numbers, booleans and {@link #JSON_NULL} as JSON text. */
  static String render(final Object tree) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = PLAIN.createGenerator(out)) {
      write(g, tree);
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void write(final JsonGenerator g, final Object value) throws IOException {
    switch (value) {
      case String s -> g.writeString(s);
      case Long l -> g.writeNumber(l);
      case Integer i -> g.writeNumber(i);
      case Double d -> g.writeNumber(d);
      case BigInteger b -> g.writeNumber(b);
      case Boolean b -> g.writeBoolean(b);
      case Map<?, ?> map -> {
        g.writeStartObject();
        for (final Map.Entry<?, ?> e : map.entrySet()) {
          g.writeFieldName((String) e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case List<?> list -> {
        g.writeStartArray();
        for (final Object item : list) {
          write(g, item);
        }
        g.writeEndArray();
      }
      default -> g.writeNull();
    }
  }
}
