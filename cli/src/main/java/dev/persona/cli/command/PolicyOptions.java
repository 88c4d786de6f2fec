package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.schema.fb.ApprovalMode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What {@code vault policy} and {@code ssh policy} change the same way: the {@code --approval}
 * option (a mixin), and a repeatable {@code --allow-…} list with its {@code --clear-…} flag. The
 * list options themselves stay in each command, whose help words them differently.
 */
final class PolicyOptions {
  @Option(
      names = "--approval",
      paramLabel = "MODE",
      description = "allow, ask (confirm each use) or deny.")
  String approval;

  boolean given() {
    return approval != null;
  }

  /** The {@link ApprovalMode} asked for, or {@code current} when {@code --approval} was not. */
  int or(final int current) {
    return approval == null ? current : mode(approval);
  }

  private static int mode(final String mode) {
    return switch (mode.toLowerCase(java.util.Locale.ROOT)) {
      case "allow" -> ApprovalMode.ALLOW;
      case "ask", "confirm" -> ApprovalMode.ASK;
      case "deny" -> ApprovalMode.DENY;
      default ->
          throw CliException.badInput("unknown approval mode '" + mode + "' (allow, ask, deny)");
    };
  }

  /**
   * {@code current} emptied when {@code clear}, then each of {@code added} not already in it
   * appended: {@code --allow-…} only ever adds, so narrowing to one entry takes {@code --clear-…}.
   */
  static List<String> changed(
      final List<String> current, final boolean clear, final List<String> added) {
    final List<String> list = new ArrayList<>(clear ? List.of() : current);
    for (final String entry : added) {
      if (!list.contains(entry)) {
        list.add(entry);
      }
    }
    return list;
  }
}
