package dev.persona.cli.command;

import dev.persona.cli.PasswordOptions;
import dev.persona.cli.PersonaCommand;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code persona passwd}: re-wraps the vault key under a new master password (one key, not every
 * item).
 */
@Command(
    name = "passwd",
    description = "Change the master password.",
    footer = {
      "",
      "Examples:",
      "  persona passwd                                  # prompts: current, new, new again",
      "  printf '%%s\\n%%s\\n' \"$OLD\" \"$NEW\" | persona passwd --password-stdin  # line 1 current, line 2 new",
      "  persona passwd --password-file two-lines.txt"
    })
public final class PasswdCommand extends PersonaCommand {
  @Mixin PasswordOptions password;

  @Override
  protected int run() throws Exception {
    final char[][] pair = password.readTwo(ctx, "Current master password", "New master password");
    try {
      ctx.daemon().client().changePassword(pair[0], pair[1]);
    } finally {
      Arrays.fill(pair[0], '\0');
      Arrays.fill(pair[1], '\0');
    }
    if (json()) {
      jsonOut().beginObject().name("changed").value(true).endObject();
      endJson();
    } else {
      ctx.out().println("master password changed");
    }
    return 0;
  }
}
