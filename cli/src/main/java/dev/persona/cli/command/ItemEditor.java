package dev.persona.cli.command;

import dev.persona.cli.CliContext;
import dev.persona.cli.CliException;
import dev.persona.cli.ExitCodes;
import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.item.ItemDraftJson;
import dev.persona.cli.json.JsonReader;
import dev.persona.cli.json.JsonValues;
import dev.persona.cli.json.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Edits an item as JSON in {@code $VISUAL}/{@code $EDITOR} (default {@code vi}). The file lives in
 * the daemon's runtime directory (mode 0700, normally tmpfs under {@code $XDG_RUNTIME_DIR}), is
 * created 0600, and is overwritten with zeros and deleted afterwards, whatever happens.
 */
final class ItemEditor {
  private ItemEditor() {}

  /** Opens draft in the editor and returns the edited draft; the input draft is left untouched. */
  static ItemDraft edit(final CliContext ctx, final ItemDraft draft)
      throws IOException, InterruptedException {
    final Path dir = ctx.paths().runtimeDir();
    Files.createDirectories(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    final Path file =
        Files.createTempFile(
            dir,
            "item-",
            ".json",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      try (Writer out =
          new OutputStreamWriter(
              Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING),
              StandardCharsets.UTF_8)) {
        write(new JsonWriter(out), draft);
        out.write('\n');
      }
      final String editor = editor(ctx);
      // sh -c so that EDITOR may carry arguments ("code --wait"), as git does.
      final ProcessBuilder builder =
          new ProcessBuilder("sh", "-c", editor + " \"$1\"", "persona-editor", file.toString());
      builder.inheritIO();
      final int exit = builder.start().waitFor();
      if (exit != 0) {
        throw new CliException(
            ExitCodes.GENERIC,
            "EDITOR_FAILED",
            "editor '" + editor + "' exited with " + exit + "; nothing was changed");
      }
      final Object tree;
      try (InputStream in = Files.newInputStream(file)) {
        tree = JsonReader.parse(in);
      }
      try {
        return ItemDraftJson.fromJson(tree);
      } finally {
        JsonValues.wipe(tree);
      }
    } finally {
      shred(file);
    }
  }

  static String editor(final CliContext ctx) {
    for (final String name : new String[] {"VISUAL", "EDITOR"}) {
      final String value = ctx.env(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "vi";
  }

  /**
   * The item in the {@code --from-json} schema, fields as an array so that each keeps its concealed
   * flag.
   */
  static void write(final JsonWriter json, final ItemDraft draft) {
    json.beginObject()
        .name("name")
        .value(draft.name())
        .name("type")
        .value(draft.type())
        .name("fields")
        .beginArray();
    for (final ItemDraft.Field field : draft.fields()) {
      json.beginObject().name("name").value(field.name()).name("value");
      if (!json.utf8Value(field.value())) {
        throw CliException.badInput(
            "field '" + field.name() + "' holds binary data; edit it with --from-json instead");
      }
      json.name("concealed").value(field.concealed()).endObject();
    }
    json.endArray().name("urls").beginArray();
    for (final String url : draft.urls()) {
      json.value(url);
    }
    json.endArray().name("tags").beginArray();
    for (final String tag : draft.tags()) {
      json.value(tag);
    }
    json.endArray().endObject();
  }

  private static void shred(final Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      final long size = channel.size();
      final java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(8192);
      for (long written = 0; written < size; ) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), size - written));
        written += channel.write(zeros, written);
      }
      channel.force(true);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
