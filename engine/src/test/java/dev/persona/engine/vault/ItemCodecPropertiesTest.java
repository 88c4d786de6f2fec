package dev.persona.engine.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.engine.Field;
import dev.persona.engine.ItemType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class ItemCodecPropertiesTest {
  @Property
  void shouldRoundTripEveryItemAndFindEachFieldInPlace(
      @ForAll @StringLength(min = 1, max = 40) final String name,
      @ForAll final ItemType type,
      @ForAll @Size(max = 6) final Map<@StringLength(min = 1, max = 20) String, byte[]> values,
      @ForAll @Size(max = 4) final List<@StringLength(max = 30) String> urls,
      @ForAll @Size(max = 4) final List<@StringLength(max = 10) String> tags,
      @ForAll final boolean trashed) {
    final List<Field> fields = new ArrayList<>();
    for (final Map.Entry<String, byte[]> e : new LinkedHashMap<>(values).entrySet()) {
      fields.add(new Field(e.getKey(), e.getValue(), e.getValue().length % 2 == 0));
    }
    final ItemCodec.Attachment att =
        new ItemCodec.Attachment("a.bin", new byte[16], 5, List.of(new byte[32], new byte[32]));
    final ItemCodec.Decoded d =
        new ItemCodec.Decoded(type, trashed, 1, 2, name, fields, urls, tags, List.of(att));
    final byte[] bytes = ItemCodec.encode(d);
    final ItemCodec.Decoded back = ItemCodec.decode(bytes, bytes.length);
    assertEquals(name, back.name());
    assertEquals(type, back.type());
    assertEquals(trashed, back.trashed());
    assertEquals(fields, back.fields());
    assertEquals(urls, back.urls());
    assertEquals(tags, back.tags());
    assertEquals(2, back.attachments().get(0).chunks().size());
    for (final Field f : fields) {
      final byte[] fn = f.name().getBytes(StandardCharsets.UTF_8);
      final long found = ItemCodec.findField(bytes, bytes.length, fn, fn.length);
      final int off = (int) (found >>> 32);
      final int len = (int) found;
      assertArrayEquals(f.value(), java.util.Arrays.copyOfRange(bytes, off, off + len));
    }
  }

  @Property
  void shouldNormaliseNamesAsStrippedPerCodePointLowerCaseUtf8(
      @ForAll @StringLength(max = 50) final String term) {
    net.jqwik.api.Assume.that(term.codePoints().allMatch(Character::isBmpCodePoint));
    final byte[] a = new byte[512];
    final int n = Terms.normalise(Terms.KIND_NAME, term, a);
    // Per code point on purpose (not String.toLowerCase, which maps U+0130 to two code points and
    // depends on context): index and lookup must agree, and the hot path cannot allocate.
    final int[] lowered = term.strip().codePoints().map(Character::toLowerCase).toArray();
    final byte[] expected = new String(lowered, 0, lowered.length).getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(expected, java.util.Arrays.copyOf(a, n));
  }

  @Property
  void shouldRoundTripItemIds(@ForAll @Size(value = 16) final byte[] id) {
    assertArrayEquals(id, ItemIds.parse(ItemIds.toText(id)));
    assertEquals(26, ItemIds.toText(id).length());
  }
}
