package dev.persona.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {
  @Test
  void shouldFindChannelByItsReference() {
    final ConnectionRegistry registry = new ConnectionRegistry(4);
    final EmbeddedChannel channel = new EmbeddedChannel();
    final long ref = registry.register(channel);
    assertSame(channel, registry.channelOf(ref));
  }

  @Test
  void shouldNotDeliverReplyToConnectionThatReusedTheSlot() {
    final ConnectionRegistry registry = new ConnectionRegistry(1);
    final long first = registry.register(new EmbeddedChannel());
    registry.unregister(first);
    final EmbeddedChannel second = new EmbeddedChannel();
    final long secondRef = registry.register(second);
    assertEquals((int) first, (int) secondRef, "same slot");
    assertNotEquals(first, secondRef);
    assertNull(registry.channelOf(first));
    assertSame(second, registry.channelOf(secondRef));
  }

  @Test
  void shouldReportNoSlotWhenFull() {
    final ConnectionRegistry registry = new ConnectionRegistry(2);
    registry.register(new EmbeddedChannel());
    registry.register(new EmbeddedChannel());
    assertEquals(ConnectionRegistry.NO_SLOT, registry.register(new EmbeddedChannel()));
  }
}
