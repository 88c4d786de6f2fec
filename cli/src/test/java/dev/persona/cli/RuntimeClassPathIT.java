package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.server.fixture.LauncherLib;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * After {@code package}: the launcher's class path is one jar holding the CLI, the schema client,
 * flatbuffers and picocli — no Netty, no LMDB — whatever test dependencies the module picks up;
 * beside it only the client's JNI transport, the CLI's runtime and both AOT caches.
 */
class RuntimeClassPathIT {
  @Test
  void shouldShipOneJarOfTheCliSchemaFlatbuffersAndPicocliOnly() throws IOException {
    final Set<String> packages = new TreeSet<>();
    try (JarFile jar = new JarFile(cliJar().toFile())) {
      jar.stream()
          .map(JarEntry::getName)
          .filter(name -> name.endsWith(".class"))
          .forEach(name -> packages.add(topPackage(name)));
    }
    assertEquals(
        Set.of("com/google/flatbuffers", "dev/persona/cli", "dev/persona/schema", "picocli"),
        packages);
    assertEquals(List.of("libpersona-uds.so"), LauncherLib.artifacts());
  }

  @Test
  void shouldBuildTheRuntimeTheFullCacheAndTheLeanCacheForRead() {
    assertTrue(Files.isExecutable(Path.of("target", "runtime", "bin", "java")));
    assertTrue(Files.isRegularFile(Path.of("target", "persona-cli.aot")));
    assertTrue(Files.isRegularFile(Path.of("target", "persona-read.aot")));
  }

  /** The jar bin/persona runs (as its glob picks it). */
  private static Path cliJar() throws IOException {
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(Path.of("target"), "persona-cli-*[0-9T].jar")) {
      final List<Path> found = new ArrayList<>();
      jars.forEach(found::add);
      assertEquals(1, found.size(), found.toString());
      return found.get(0);
    }
  }

  /** dev/persona/cli/command/X.class → dev/persona/cli; picocli/CommandLine.class → picocli. */
  private static String topPackage(final String entry) {
    final String[] parts = entry.split("/");
    final int depth = parts[0].equals("picocli") ? 1 : 3;
    return String.join("/", List.of(parts).subList(0, Math.min(depth, parts.length - 1)));
  }
}
