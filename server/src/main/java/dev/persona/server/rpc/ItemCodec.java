package dev.persona.server.rpc;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.engine.AttachmentInfo;
import dev.persona.engine.Field;
import dev.persona.engine.ItemDraft;
import dev.persona.engine.ItemSummary;
import dev.persona.engine.ItemType;
import dev.persona.engine.ItemView;
import dev.persona.schema.fb.Item;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between the engine's items and the wire's {@link Item} table. Used on the conductor
 * thread for item management (not the lookup hot path), so it may allocate.
 */
final class ItemCodec {
  private ItemCodec() {}

  /** Reads a wire item as a draft; field values are copied into fresh arrays the engine owns. */
  static ItemDraft toDraft(final Item item) {
    final String name = item.name();
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("field=name item name is required");
    }
    final List<Field> fields = new ArrayList<>(item.fieldsLength());
    final dev.persona.schema.fb.Field wireField = new dev.persona.schema.fb.Field();
    for (int i = 0; i < item.fieldsLength(); i++) {
      item.fields(wireField, i);
      final String fieldName = wireField.name();
      if (fieldName == null || fieldName.isEmpty()) {
        throw new IllegalArgumentException("field=fields[" + i + "].name field name is required");
      }
      final ByteBuffer value = wireField.valueAsByteBuffer();
      final byte[] bytes = new byte[value == null ? 0 : value.remaining()];
      if (value != null) {
        value.get(bytes);
      }
      fields.add(new Field(fieldName, bytes, wireField.concealed()));
    }
    final List<String> urls = new ArrayList<>(item.urlsLength());
    for (int i = 0; i < item.urlsLength(); i++) {
      urls.add(item.urls(i));
    }
    final List<String> tags = new ArrayList<>(item.tagsLength());
    for (int i = 0; i < item.tagsLength(); i++) {
      tags.add(item.tags(i));
    }
    return new ItemDraft(name, itemType(item.type()), fields, urls, tags);
  }

  static ItemType itemType(final int wireType) {
    return switch (wireType) {
      case dev.persona.schema.fb.ItemType.LOGIN -> ItemType.LOGIN;
      case dev.persona.schema.fb.ItemType.SECURE_NOTE -> ItemType.SECURE_NOTE;
      case dev.persona.schema.fb.ItemType.API_CREDENTIAL -> ItemType.API_CREDENTIAL;
      case dev.persona.schema.fb.ItemType.SSH_KEY -> ItemType.SSH_KEY;
      default -> throw new IllegalArgumentException("field=type unknown item type " + wireType);
    };
  }

  static int wireType(final ItemType type) {
    return switch (type) {
      case LOGIN -> dev.persona.schema.fb.ItemType.LOGIN;
      case SECURE_NOTE -> dev.persona.schema.fb.ItemType.SECURE_NOTE;
      case API_CREDENTIAL -> dev.persona.schema.fb.ItemType.API_CREDENTIAL;
      case SSH_KEY -> dev.persona.schema.fb.ItemType.SSH_KEY;
    };
  }

  /**
   * Writes a full item. Values of concealed fields are included only when {@code reveal}; values of
   * plain fields always are.
   */
  static int write(final FlatBufferBuilder builder, final ItemView item, final boolean reveal) {
    final List<Field> fields = item.fields();
    final int[] fieldOffsets = new int[fields.size()];
    for (int i = 0; i < fieldOffsets.length; i++) {
      final Field field = fields.get(i);
      final int nameOffset = builder.createString(field.name());
      final int valueOffset =
          field.concealed() && !reveal ? 0 : builder.createByteVector(field.value());
      fieldOffsets[i] =
          dev.persona.schema.fb.Field.createField(
              builder, nameOffset, valueOffset, field.concealed());
    }
    final int fieldsVector = Item.createFieldsVector(builder, fieldOffsets);
    final int urlsVector = Item.createUrlsVector(builder, strings(builder, item.urls()));
    final int tagsVector = Item.createTagsVector(builder, strings(builder, item.tags()));
    final List<AttachmentInfo> attachments = item.attachments();
    final int[] attachmentOffsets = new int[attachments.size()];
    for (int i = 0; i < attachmentOffsets.length; i++) {
      attachmentOffsets[i] = writeAttachment(builder, attachments.get(i));
    }
    final int attachmentsVector = Item.createAttachmentsVector(builder, attachmentOffsets);
    return Item.createItem(
        builder,
        builder.createString(item.id()),
        builder.createString(item.vault()),
        builder.createString(item.name()),
        wireType(item.type()),
        item.revision(),
        item.createdMs(),
        item.updatedMs(),
        item.trashed(),
        fieldsVector,
        urlsVector,
        tagsVector,
        attachmentsVector);
  }

  /** Writes a summary: identity, revision and tags, never field values. */
  static int writeSummary(final FlatBufferBuilder builder, final ItemSummary item) {
    final int tagsVector = Item.createTagsVector(builder, strings(builder, item.tags()));
    final int id = builder.createString(item.id());
    final int vault = builder.createString(item.vault());
    final int name = builder.createString(item.name());
    Item.startItem(builder);
    Item.addId(builder, id);
    Item.addVault(builder, vault);
    Item.addName(builder, name);
    Item.addType(builder, wireType(item.type()));
    Item.addRevision(builder, item.revision());
    Item.addUpdatedMs(builder, item.updatedMs());
    Item.addTrashed(builder, item.trashed());
    Item.addTags(builder, tagsVector);
    return Item.endItem(builder);
  }

  static int writeAttachment(final FlatBufferBuilder builder, final AttachmentInfo attachment) {
    final int name = builder.createString(attachment.name());
    return dev.persona.schema.fb.AttachmentInfo.createAttachmentInfo(
        builder, name, name, attachment.sizeBytes(), 0, 0, 0);
  }

  /** The offsets of {@code values} written as strings, for a generated createXVector. */
  static int[] strings(final FlatBufferBuilder builder, final List<String> values) {
    final int[] offsets = new int[values.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = builder.createString(values.get(i));
    }
    return offsets;
  }
}
