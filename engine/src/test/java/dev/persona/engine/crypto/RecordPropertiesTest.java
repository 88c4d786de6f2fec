package dev.persona.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RecordPropertiesTest {
  record Place(byte[] vaultId, byte type, byte[] recordId, long keyId, long revision) {
    byte[] aad() {
      final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
      final int n =
          RecordDescriptor.writeAad(
              aad, vaultId, type, recordId, 0, recordId.length, keyId, revision);
      return java.util.Arrays.copyOf(aad, n);
    }
  }

  @Provide
  Arbitrary<Place> places() {
    final Arbitrary<byte[]> id16 = Arbitraries.bytes().array(byte[].class).ofSize(16);
    return net.jqwik.api.Combinators.combine(
            id16,
            Arbitraries.of(
                RecordDescriptor.TYPE_ITEM,
                RecordDescriptor.TYPE_BLOB,
                RecordDescriptor.TYPE_VAULT),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(32),
            Arbitraries.longs(),
            Arbitraries.longs().between(0, Long.MAX_VALUE))
        .as(Place::new);
  }

  private static byte[] key(final long seed) {
    final byte[] k = new byte[32];
    new java.util.Random(seed).nextBytes(k);
    return k;
  }

  @Property
  void shouldOpenWhatWasSealedAtTheSamePlace(
      @ForAll("places") final Place place,
      @ForAll @Size(max = 3000) final byte[] plain,
      @ForAll final long seed) {
    final byte[] k = key(seed);
    final byte[] aad = place.aad();
    final byte[] sealed = Aead.seal(k, aad, aad.length, plain, true);
    assertArrayEquals(plain, Aead.open(k, aad, aad.length, sealed, 0, sealed.length, true));
  }

  @Property
  void shouldPadEveryValueToMultipleOf64Bytes(@ForAll @Size(max = 3000) final byte[] plain) {
    final byte[] aad = new byte[0];
    final byte[] sealed = Aead.seal(key(1), aad, 0, plain, true);
    assertEquals(0, (sealed.length - RecordDescriptor.SEAL_OVERHEAD) % RecordDescriptor.PAD_BLOCK);
    assertEquals(RecordDescriptor.sealedLength(plain.length), sealed.length);
  }

  @Property
  void shouldRejectValueMovedToAnotherRecordRevisionOrVault(
      @ForAll("places") final Place place,
      @ForAll @Size(max = 500) final byte[] plain,
      @ForAll @IntRange(min = 0, max = 4) final int which) {
    final byte[] k = key(7);
    final byte[] aad = place.aad();
    final byte[] sealed = Aead.seal(k, aad, aad.length, plain, true);
    final Place moved =
        switch (which) {
          case 0 ->
              new Place(
                  flip(place.vaultId()),
                  place.type(),
                  place.recordId(),
                  place.keyId(),
                  place.revision());
          case 1 ->
              new Place(
                  place.vaultId(),
                  (byte) (place.type() + 1),
                  place.recordId(),
                  place.keyId(),
                  place.revision());
          case 2 ->
              new Place(
                  place.vaultId(),
                  place.type(),
                  flip(place.recordId()),
                  place.keyId(),
                  place.revision());
          case 3 ->
              new Place(
                  place.vaultId(),
                  place.type(),
                  place.recordId(),
                  place.keyId() + 1,
                  place.revision());
          default ->
              new Place(
                  place.vaultId(),
                  place.type(),
                  place.recordId(),
                  place.keyId(),
                  place.revision() - 1);
        };
    final byte[] movedAad = moved.aad();
    assertNull(Aead.open(k, movedAad, movedAad.length, sealed, 0, sealed.length, true));
  }

  @Property
  void shouldRejectAnyFlippedByte(
      @ForAll("places") final Place place,
      @ForAll @Size(max = 200) final byte[] plain,
      @ForAll final int position) {
    final byte[] k = key(9);
    final byte[] aad = place.aad();
    final byte[] sealed = Aead.seal(k, aad, aad.length, plain, true);
    sealed[Math.floorMod(position, sealed.length)] ^= 0x01;
    assertNull(Aead.open(k, aad, aad.length, sealed, 0, sealed.length, true));
  }

  @Property
  void shouldRejectOtherKey(
      @ForAll @Size(max = 200) final byte[] plain,
      @ForAll @Size(value = 32) final byte[] a,
      @ForAll @Size(value = 32) final byte[] b) {
    net.jqwik.api.Assume.that(!java.util.Arrays.equals(a, b));
    final byte[] aad = new byte[] {1, 2, 3};
    final byte[] sealed = Aead.seal(a, aad, aad.length, plain, true);
    assertNull(Aead.open(b, aad, aad.length, sealed, 0, sealed.length, true));
  }

  private static byte[] flip(final byte[] id) {
    final byte[] out = id.clone();
    out[0] ^= 0x40;
    return out;
  }
}
