package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PersonaCommand;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.client.AttachmentChunkData;
import dev.persona.schema.client.PersonaClient;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code persona attach get ITEM ATTACHMENT [-o FILE]}: streams an attachment out in chunks. */
@Command(
    name = "get",
    description = "Download an attachment to a file (created 0600) or stdout.",
    footer = {
      "",
      "Examples:",
      "  persona attach get server deploy-key.pem -o key.pem",
      "  persona attach get server notes.txt | less"
    })
public final class AttachGetCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", paramLabel = "ITEM", description = "Item name or id.")
  String item;

  @Parameters(index = "1", paramLabel = "ATTACHMENT", description = "Attachment name or id.")
  String attachment;

  @Option(
      names = {"-o", "--out-file"},
      paramLabel = "FILE",
      description = "Write to FILE (default: stdout).")
  Path out;

  @Option(
      names = {"-f", "--force"},
      description = "Overwrite FILE if it exists.")
  boolean force;

  @Override
  protected int run() throws Exception {
    final String vault = vaultOption.vault(ctx);
    final PersonaClient client = ctx.daemon().client();
    if (out != null && Files.exists(out) && !force) {
      throw CliException.badInput(out + " exists; add --force to overwrite it");
    }
    final Path target = out == null ? null : out.toAbsolutePath();
    final Path tmp =
        target == null
            ? null
            : Files.createTempFile(
                target.getParent(),
                ".persona-attach",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    final Progress progress =
        new Progress(ctx.err(), out != null && ctx.stdoutTerminal(), "downloading " + attachment);
    long offset = 0;
    try (OutputStream sink = tmp == null ? ctx.out() : Files.newOutputStream(tmp)) {
      while (true) {
        final long at = offset;
        // The first chunk of an ask item's file waits for approval (and says so); the rest
        // continue the approved download.
        final AttachmentChunkData chunk =
            at == 0
                ? ctx.daemon()
                    .awaitingApproval(
                        () ->
                            client.getAttachmentChunk(
                                vault, item, attachment, 0, RpcFrameDescriptor.MAX_CHUNK_LENGTH))
                : client.getAttachmentChunk(
                    vault, item, attachment, at, RpcFrameDescriptor.MAX_CHUNK_LENGTH);
        sink.write(chunk.data());
        offset += chunk.data().length;
        Arrays.fill(chunk.data(), (byte) 0);
        progress.update(offset, chunk.totalLength());
        if (chunk.eof() || chunk.data().length == 0) {
          break;
        }
      }
      sink.flush();
    } catch (final RuntimeException e) {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
      throw e;
    } finally {
      progress.done();
    }
    if (tmp != null) {
      Files.move(
          tmp,
          target,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      if (json()) {
        jsonOut()
            .beginObject()
            .name("file")
            .value(target.toString())
            .name("length")
            .value(offset)
            .endObject();
        endJson();
      }
    }
    return 0;
  }
}
