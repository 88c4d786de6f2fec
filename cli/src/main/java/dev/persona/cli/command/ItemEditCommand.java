package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.item.ItemDraftJson;
import dev.persona.cli.json.JsonValues;
import dev.persona.cli.output.ItemView;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code persona item edit ITEM}: read (with values), change, write back with the revision read, so
 * a concurrent change is a CONFLICT (exit 8) rather than a lost update.
 */
@Command(
    name = "edit",
    description =
        "Change an item: rename, set or remove fields, URLs and tags, or replace it from JSON.",
    footer = {
      "",
      "Examples:",
      "  persona item edit github --secret password            # prompts for the new value",
      "  persona item edit github --field username=me2 --remove-field old",
      "  persona item edit github --from-json - < github.json  # replaces name, type, fields, urls, tags",
      "  persona item edit github --editor                    # JSON in $EDITOR"
    })
public final class ItemEditCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", paramLabel = "ITEM", description = "Item name or id.")
  String item;

  @Option(names = "--name", paramLabel = "NEW_NAME", description = "Rename the item.")
  String newName;

  @Option(names = "--type", paramLabel = "TYPE", description = "Change the type.")
  String type;

  @Option(
      names = "--remove-field",
      paramLabel = "NAME",
      description = "Remove a field; repeatable.")
  List<String> removeFields = new ArrayList<>();

  @Option(names = "--remove-url", paramLabel = "URL", description = "Remove a URL; repeatable.")
  List<String> removeUrls = new ArrayList<>();

  @Option(names = "--remove-tag", paramLabel = "TAG", description = "Remove a tag; repeatable.")
  List<String> removeTags = new ArrayList<>();

  @Option(
      names = "--from-json",
      paramLabel = "FILE",
      description = "Replace the content from JSON in FILE or '-' (stdin).")
  String fromJson;

  @Option(
      names = "--editor",
      description =
          "Edit the item as JSON in $VISUAL/$EDITOR (temp file 0600 in the runtime dir, shredded after).")
  boolean editor;

  @Mixin ItemFieldOptions fields;

  @Override
  protected int run() throws Exception {
    if (newName == null
        && type == null
        && removeFields.isEmpty()
        && removeUrls.isEmpty()
        && removeTags.isEmpty()
        && fromJson == null
        && !editor
        && !fields.any()) {
      throw CliException.badInput(
          "nothing to change: give --name, --field, --secret, --from-json, --editor, ... (see --help)");
    }
    final String vault = vaultOption.vault(ctx);
    final PersonaClient client = ctx.daemon().client();
    final ItemEntry current =
        Items.withSuggestion(
            client,
            vault,
            item,
            () -> ctx.daemon().awaitingApproval(() -> client.getItem(vault, item, true)));
    final ItemDraft draft;
    if (fromJson != null) {
      current.wipe();
      final Object tree = Items.readJson(ctx, fromJson);
      try {
        draft = ItemDraftJson.fromJson(tree);
      } finally {
        JsonValues.wipe(tree);
      }
    } else if (editor) {
      final ItemDraft before = Items.toDraft(current);
      try {
        draft = ItemEditor.edit(ctx, before);
      } finally {
        before.wipe();
      }
    } else {
      draft = Items.toDraft(current);
    }
    final ItemEntry updated;
    try {
      if (newName != null) {
        draft.name(newName);
      }
      if (type != null) {
        draft.type(type);
      }
      for (final String name : removeFields) {
        if (!draft.removeField(name)) {
          throw CliException.notFound("item '" + current.name() + "' has no field '" + name + "'");
        }
      }
      draft.urls().removeAll(removeUrls);
      draft.tags().removeAll(removeTags);
      fields.apply(ctx, draft);
      final String target = vault == null ? current.vault() : vault;
      // An ask/deny item's changes wait for approval like its reveals.
      updated =
          ctx.daemon()
              .awaitingApproval(
                  () ->
                      client.updateItem(
                          target, Items.toUpdate(draft, current), current.revision()));
    } finally {
      draft.wipe();
    }
    try {
      if (json()) {
        ItemView.writeJson(jsonOut(), updated, false);
        endJson();
      } else {
        ctx.out()
            .println("updated item '" + updated.name() + "' to revision " + updated.revision());
      }
    } finally {
      updated.wipe();
    }
    return 0;
  }
}
