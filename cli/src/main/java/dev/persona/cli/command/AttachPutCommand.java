package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.client.AttachmentEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.RequestWriter;
import dev.persona.schema.client.UploadSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code persona attach put ITEM FILE}: uploads a file to an item. */
@Command(
    name = "put",
    description = "Attach a file to an item (progress bar on a terminal).",
    footer = {
      "",
      "Examples:",
      "  persona attach put server deploy-key.pem",
      "  persona attach put server ./cert.pem --name cert --content-type application/x-pem-file"
    })
public final class AttachPutCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", paramLabel = "ITEM", description = "Item name or id.")
  String item;

  @Parameters(index = "1", paramLabel = "FILE", description = "File to attach.")
  Path file;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Attachment name (default: the file name).")
  String name;

  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      description = "MIME type (default: guessed, else application/octet-stream).")
  String contentType;

  @Override
  protected int run() throws Exception {
    final byte[] content = Files.readAllBytes(file);
    final String attachmentName = name != null ? name : file.getFileName().toString();
    String type = contentType != null ? contentType : Files.probeContentType(file);
    if (type == null) {
      type = "application/octet-stream";
    }
    final String vault = vaultOption.vault(ctx);
    final PersonaClient client = ctx.daemon().client();
    final Progress progress =
        new Progress(
            ctx.err(), ctx.stdinTerminal() && ctx.stdoutTerminal(), "uploading " + attachmentName);
    final AttachmentEntry entry;
    try {
      final byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(content);
      progress.update(0, content.length);
      entry = upload(client, vault, attachmentName, type, content, sha256, progress);
      progress.update(content.length, content.length);
    } finally {
      progress.done();
      Arrays.fill(content, (byte) 0);
    }
    if (json()) {
      jsonOut()
          .beginObject()
          .name("id")
          .value(entry.id())
          .name("name")
          .value(entry.name())
          .name("length")
          .value(entry.length())
          .name("sha256")
          .value(entry.sha256() == null ? null : HexFormat.of().formatHex(entry.sha256()))
          .name("contentType")
          .value(entry.contentType())
          .endObject();
      endJson();
    } else {
      ctx.out()
          .println(
              "attached '"
                  + entry.name()
                  + "' ("
                  + entry.length()
                  + " bytes, max chunk "
                  + RpcFrameDescriptor.MAX_CHUNK_LENGTH
                  + ") to '"
                  + item
                  + "'");
    }
    return 0;
  }

  /**
   * The client's putAttachment protocol (begin, chunks, end) spelled out through its pipelining API
   * so the progress bar moves per chunk; chunk frames hold file bytes, so the encoder is wiped
   * after each.
   */
  private AttachmentEntry upload(
      final PersonaClient client,
      final String vault,
      final String attachmentName,
      final String type,
      final byte[] content,
      final byte[] sha256,
      final Progress progress) {
    final RequestWriter writer = client.requestWriter();
    long id = client.nextRequestId();
    client.send(writer.attachmentPutBegin(id, vault, item, attachmentName, type, content.length));
    final long beginId = id;
    // Adding a file to an ask or deny item (or vault) waits for approval: say which one.
    final UploadSession upload =
        ctx.daemon().awaitingApproval(() -> client.await(beginId).uploadSession());
    final int chunk =
        Math.max(
            1,
            Math.min(
                RpcFrameDescriptor.MAX_CHUNK_LENGTH,
                upload.maxChunkLength() > 0
                    ? upload.maxChunkLength()
                    : RpcFrameDescriptor.MAX_CHUNK_LENGTH));
    for (int offset = 0; offset < content.length; offset += chunk) {
      id = client.nextRequestId();
      final int length = Math.min(chunk, content.length - offset);
      try {
        client.send(
            writer.attachmentPutChunk(id, upload.uploadId(), offset, content, offset, length));
      } finally {
        writer.wipe();
      }
      client.await(id).throwIfError();
      progress.update(offset + length, content.length);
    }
    id = client.nextRequestId();
    client.send(writer.attachmentPutEnd(id, upload.uploadId(), sha256));
    return client.await(id).attachment();
  }
}
