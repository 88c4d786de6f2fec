package dev.persona.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs schema/check-drift.sh: the committed generated Java must be exactly what flatc 2.0.8
 * produces.
 */
class GeneratedCodeDriftTest {
  private static final Path FLATC = Path.of("/usr/bin/flatc");

  @Test
  void shouldMatchWhatPinnedFlatcGeneratesFromPersonaFbs() throws Exception {
    if (!Files.isExecutable(FLATC)) {
      final String message =
          "flatc 2.0.8 not found at " + FLATC + ": apt-get install -y flatbuffers-compiler";
      if (Boolean.getBoolean("persona.requireTools")) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    final Process process =
        new ProcessBuilder("bash", "check-drift.sh").redirectErrorStream(true).start();
    final String output =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("check-drift.sh did not finish in 60 s");
    }
    assertEquals(0, process.exitValue(), output);
  }
}
