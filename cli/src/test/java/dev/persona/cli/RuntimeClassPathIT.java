package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.server.fixture.LauncherLib;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After {@code package}: the launcher's class path ({@code target/lib/*}) holds exactly the schema
 * client and picocli — no Netty, no LMDB — whatever test dependencies the module picks up, beside
 * the client's JNI transport; and both AOT caches exist.
 */
class RuntimeClassPathIT {
  @Test
  void shouldShipOnlySchemaFlatbuffersPicocliAndTheNativeTransport() throws IOException {
    assertEquals(
        List.of("flatbuffers-java", "libpersona-uds.so", "persona-schema", "picocli"),
        LauncherLib.artifacts());
  }

  @Test
  void shouldBuildTheFullCacheAndTheLeanCacheForRead() {
    assertTrue(Files.isRegularFile(Path.of("target", "persona-cli.aot")));
    assertTrue(Files.isRegularFile(Path.of("target", "persona-read.aot")));
  }
}
