package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * After {@code package}: the launcher's class path ({@code target/lib/*}) holds exactly the schema
 * client and picocli — no Netty, no LMDB — whatever test dependencies the module picks up, beside
 * the client's JNI transport; and both AOT caches exist.
 */
class RuntimeClassPathIT {
  @Test
  void shouldShipOnlySchemaFlatbuffersPicocliAndTheNativeTransport() throws IOException {
    final Path lib = Path.of("target", "lib");
    final List<String> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars =
          files
              .map(p -> p.getFileName().toString().replaceAll("-[0-9].*\\.jar$", ""))
              .sorted()
              .toList();
    }
    assertEquals(
        List.of("flatbuffers-java", "libpersona-uds.so", "persona-schema", "picocli"), jars);
  }

  @Test
  void shouldBuildTheFullCacheAndTheLeanCacheForRead() {
    assertTrue(Files.isRegularFile(Path.of("target", "persona-cli.aot")));
    assertTrue(Files.isRegularFile(Path.of("target", "persona-read.aot")));
  }
}
