package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.item.ItemDraft;
import dev.persona.cli.item.ItemDraftJson;
import dev.persona.cli.json.JsonValues;
import dev.persona.cli.output.ItemView;
import dev.persona.schema.client.ItemEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code persona item add}: from a JSON document (schema in cli/README.md) or from flags. */
@Command(
    name = "add",
    aliases = "create",
    description =
        "Add an item, from JSON on stdin/file or from flags (secret values are never taken from argv).",
    footer = {
      "",
      "JSON: {\"name\":..., \"type\":\"login|secure_note|api_credential|ssh_key\", \"fields\":{NAME:VALUE,...},",
      "       \"concealed\":[NAME,...], \"urls\":[...], \"tags\":[...], \"notes\":...}",
      "Fields named like password/secret/token/key/pin/totp are concealed unless \"concealed\" says otherwise.",
      "",
      "Examples:",
      "  persona item add --from-json - < github.json",
      "  persona item add --editor --name github                 # JSON template in $EDITOR",
      "  persona item add --name github --field username=me --secret password --url https://github.com",
      "  persona item add --name db --type api_credential --generate password --tag prod --vault Work"
    })
public final class ItemAddCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Option(
      names = "--from-json",
      paramLabel = "FILE",
      description = "Read the item as JSON from FILE, or '-' for stdin.")
  String fromJson;

  @Option(names = "--name", paramLabel = "NAME", description = "Item name (with flags).")
  String name;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description = "login, secure_note, api_credential, ssh_key (default: login).")
  String type;

  @Option(
      names = "--editor",
      description = "Write the item as JSON in $VISUAL/$EDITOR, starting from a login template.")
  boolean editor;

  @Mixin ItemFieldOptions fields;

  @Override
  protected int run() throws Exception {
    final ItemDraft draft;
    if (editor) {
      final ItemDraft template =
          new ItemDraft()
              .name(name == null ? "new-item" : name)
              .field("username", new byte[0], false)
              .field("password", new byte[0], true);
      draft = ItemEditor.edit(ctx, template);
    } else if (fromJson != null) {
      draft = readJson(fromJson);
      if (name != null) {
        draft.name(name);
      }
    } else {
      if (name == null || name.isBlank()) {
        throw CliException.badInput("item add needs --name NAME or --from-json FILE");
      }
      draft = new ItemDraft().name(name);
    }
    if (type != null) {
      draft.type(type);
    }
    fields.apply(ctx, draft);
    final ItemEntry created;
    try {
      created = ctx.daemon().client().createItem(vaultOption.vault(ctx), Items.toEntry(draft));
    } finally {
      draft.wipe();
    }
    try {
      if (json()) {
        ItemView.writeJson(jsonOut(), created, false);
        endJson();
      } else {
        ctx.out()
            .println(
                "created item '"
                    + created.name()
                    + "' ("
                    + created.id()
                    + ") in vault '"
                    + created.vault()
                    + "'");
      }
    } finally {
      created.wipe();
    }
    return 0;
  }

  private ItemDraft readJson(final String source) throws Exception {
    final Object tree = Items.readJson(ctx, source);
    try {
      return ItemDraftJson.fromJson(tree);
    } finally {
      JsonValues.wipe(tree);
    }
  }
}
