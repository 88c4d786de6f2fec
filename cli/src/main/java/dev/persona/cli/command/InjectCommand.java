package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.cli.ref.TemplateRenderer;
import dev.persona.schema.client.SecretRef;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code persona inject -i TEMPLATE -o OUT}: replaces every {@code {{ persona://… }}} with its
 * value (all resolved in one round trip). The output file is created mode 0600 because it holds
 * secrets.
 */
@Command(
    name = "inject",
    description =
        "Render a template, replacing each {{ persona://VAULT/ITEM/FIELD }} with its value.",
    footer = {
      "",
      "Examples:",
      "  persona inject -i config.yml.tpl -o config.yml",
      "  echo 'db_password: {{ persona://Work/db/password }}' | persona inject"
    })
public final class InjectCommand extends PersonaCommand {
  @Option(
      names = {"-i", "--in-file"},
      paramLabel = "TEMPLATE",
      description = "Template file (default: stdin).")
  Path in;

  @Option(
      names = {"-o", "--out-file"},
      paramLabel = "OUT",
      description = "Output file, created 0600 (default: stdout).")
  Path out;

  @Option(
      names = {"-f", "--force"},
      description = "Overwrite OUT if it exists.")
  boolean force;

  @Override
  protected int run() throws Exception {
    final byte[] template = in == null ? ctx.in().readAllBytes() : Files.readAllBytes(in);
    final List<String> refs = TemplateRenderer.references(template);
    final List<SecretRef> parsed = RefResolver.parse(refs);
    final List<byte[]> values =
        ctx.daemon().awaitingApproval(() -> RefResolver.resolve(ctx.daemon().client(), parsed));
    final Map<String, byte[]> byRef = new HashMap<>();
    for (int i = 0; i < refs.size(); i++) {
      byRef.put(refs.get(i), values.get(i));
    }
    try {
      if (out == null) {
        TemplateRenderer.render(template, byRef, ctx.out());
        ctx.out().flush();
      } else {
        write(template, byRef);
      }
    } finally {
      for (final byte[] value : values) {
        Arrays.fill(value, (byte) 0);
      }
    }
    if (out != null) {
      if (json()) {
        jsonOut()
            .beginObject()
            .name("file")
            .value(out.toString())
            .name("references")
            .value(refs.size())
            .endObject();
        endJson();
      } else if (ctx.stdoutTerminal()) {
        ctx.out().println("wrote " + out + " (" + refs.size() + " references)");
      }
    }
    return 0;
  }

  private void write(final byte[] template, final Map<String, byte[]> values) throws Exception {
    if (Files.exists(out) && !force) {
      throw dev.persona.cli.CliException.badInput(out + " exists; add --force to overwrite it");
    }
    // Render into memory first: a failure leaves no half-written file holding some of the secrets.
    final WipeableBuffer rendered = new WipeableBuffer(template.length + 256);
    TemplateRenderer.render(template, values, rendered);
    final byte[] bytes = rendered.toByteArray();
    rendered.wipe();
    try {
      final Path tmp =
          Files.createTempFile(
              out.toAbsolutePath().getParent(),
              ".persona-inject",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (OutputStream file =
          Files.newOutputStream(
              tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        file.write(bytes);
      }
      Files.move(
          tmp,
          out,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** A ByteArrayOutputStream whose internal array can be zeroed. */
  static final class WipeableBuffer extends ByteArrayOutputStream {
    WipeableBuffer(final int size) {
      super(size);
    }

    void wipe() {
      Arrays.fill(buf, (byte) 0);
      reset();
    }
  }
}
