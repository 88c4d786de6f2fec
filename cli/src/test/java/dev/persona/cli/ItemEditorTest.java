package dev.persona.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.fb.ItemUpdateRequest;
import dev.persona.schema.fb.RequestBody;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code item edit --editor} with a scripted "editor" (sed), against {@link FakeDaemon}. */
class ItemEditorTest {
  @TempDir Path tmp;

  @Test
  void shouldApplyEditorChangesWithExpectedRevisionAndShredTheFile() throws Exception {
    final List<String> updates = new ArrayList<>();
    try (FakeDaemon daemon = new FakeDaemon(tmp)) {
      daemon.handler =
          (request, writer) -> {
            if (request.bodyType() == RequestBody.ItemUpdateRequest) {
              final ItemUpdateRequest update = request.body(new ItemUpdateRequest());
              final var field = update.item().fields(1);
              final ByteBuffer value = field.valueAsByteBuffer();
              final byte[] bytes = new byte[value.remaining()];
              value.get(bytes);
              updates.add(
                  update.item().id()
                      + "@"
                      + update.expectedRevision()
                      + ":"
                      + field.name()
                      + "="
                      + new String(bytes, StandardCharsets.UTF_8)
                      + ":"
                      + field.concealed());
              return FakeDaemon.itemResponse(writer, request.requestId(), "i1", "github");
            }
            return FakeDaemon.itemResponse(
                writer,
                request.requestId(),
                "i1",
                "github",
                new FakeDaemon.F("username", "alice", false),
                new FakeDaemon.F("password", "old-pass", true));
          };
      final Path editor = tmp.resolve("editor.sh");
      // Records the file's mode, then edits the password in place.
      Files.writeString(
          editor,
          "#!/bin/sh\nstat -c %a \"$1\" > "
              + tmp.resolve("mode")
              + "\nsed -i 's/old-pass/new-pass/' \"$1\"\n");
      Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
      final Map<String, String> env = new HashMap<>(daemon.env());
      env.put("EDITOR", editor.toString());
      final CliRun run = CliRun.run(env, "", "item", "edit", "github", "--editor");
      assertEquals(0, run.exitCode(), run.err());
      assertEquals(List.of("i1@3:password=new-pass:true"), updates);
      assertEquals("600", Files.readString(tmp.resolve("mode")).strip());
      try (Stream<Path> left = Files.list(Path.of(env.get("PERSONA_RUNTIME_DIR")))) {
        assertTrue(
            left.noneMatch(p -> p.getFileName().toString().startsWith("item-")),
            "temp file left behind");
      }
    }
  }

  @Test
  void shouldChangeNothingWhenEditorFails() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon(tmp)) {
      daemon.handler =
          (request, writer) ->
              FakeDaemon.itemResponse(
                  writer,
                  request.requestId(),
                  "i1",
                  "github",
                  new FakeDaemon.F("password", "p", true));
      final Map<String, String> env = new HashMap<>(daemon.env());
      env.put("EDITOR", "false");
      final CliRun run = CliRun.run(env, "", "item", "edit", "github", "--editor");
      assertEquals(ExitCodes.GENERIC, run.exitCode());
      assertTrue(run.err().contains("nothing was changed"), run.err());
      assertEquals(List.of(RequestBody.ItemGetRequest), List.copyOf(daemon.received));
    }
  }
}
