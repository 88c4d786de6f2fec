package dev.persona.schema;

import com.google.flatbuffers.BaseVector;
import com.google.flatbuffers.ByteVector;
import com.google.flatbuffers.StringVector;
import com.google.flatbuffers.Table;
import dev.persona.schema.fb.Request;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.Response;
import dev.persona.schema.fb.ResponseBody;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads every field of a message through the generated accessors (by reflection, so it cannot
 * forget a field), so a test can prove that a verified buffer never makes an accessor read out of
 * bounds. The buffer must have exactly the message's capacity: any stray read then throws
 * IndexOutOfBoundsException.
 */
final class DeepReader {
  private DeepReader() {}

  static void readRequest(final byte[] message) {
    final ByteBuffer bb = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
    walk(Request.getRootAsRequest(bb, new Request()), RequestBody.names, 0);
  }

  static void readResponse(final byte[] message) {
    final ByteBuffer bb = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
    walk(Response.getRootAsResponse(bb, new Response()), ResponseBody.names, 0);
  }

  private static void walk(final Table table, final String[] unionNames, final int depth) {
    if (depth > 20) {
      throw new AssertionError("walk too deep");
    }
    try {
      final Class<?> type = table.getClass();
      for (final Method m : type.getDeclaredMethods()) {
        if (Modifier.isStatic(m.getModifiers())
            || !Modifier.isPublic(m.getModifiers())
            || m.getName().startsWith("__")) {
          continue;
        }
        final Class<?>[] params = m.getParameterTypes();
        if (params.length == 0) {
          final Object value = m.invoke(table);
          visitValue(value, unionNames, depth);
        } else if (params.length == 1 && params[0] == int.class) {
          final Method lengthMethod = type.getMethod(m.getName() + "Length");
          final int length = (int) lengthMethod.invoke(table);
          for (int j = 0; j < length; j++) {
            visitValue(m.invoke(table, j), unionNames, depth);
          }
        } else if (params.length == 1 && params[0] == Table.class) {
          final Method typeMethod = type.getMethod(m.getName() + "Type");
          final int unionType = ((Byte) typeMethod.invoke(table)) & 0xFF;
          if (unionType != 0) {
            final Class<?> member = Class.forName("dev.persona.schema.fb." + unionNames[unionType]);
            final Table target = (Table) member.getDeclaredConstructor().newInstance();
            final Object result = m.invoke(table, target);
            if (result != null) {
              walk((Table) result, unionNames, depth + 1);
            }
          }
        }
      }
    } catch (final InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError(e.getCause());
    } catch (final ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static void visitValue(final Object value, final String[] unionNames, final int depth) {
    if (value instanceof Table t) {
      walk(t, unionNames, depth + 1);
    } else if (value instanceof StringVector sv) {
      for (int i = 0; i < sv.length(); i++) {
        sv.get(i);
      }
    } else if (value instanceof ByteVector bv) {
      for (int i = 0; i < bv.length(); i++) {
        bv.get(i);
      }
    } else if (value instanceof BaseVector) {
      // Vectors of tables are visited through the indexed accessor.
    } else if (value instanceof ByteBuffer b) {
      while (b.hasRemaining()) {
        b.get();
      }
    }
  }
}
