package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.VaultEntry;
import dev.persona.schema.client.VaultPolicyEntry;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code persona vault policy VAULT [...]}: shows, or with options changes, the policy every item
 * and SSH key in a vault is held to on top of its own.
 */
@Command(
    name = "policy",
    description =
        "Show or change a vault's policy: approval (allow|ask|deny) and caller executables, applied"
            + " to every item and SSH key in it on top of their own (the stricter wins).",
    footer = {
      "",
      "Without options the current policy is printed. Options change only what they name;",
      "--allow-exe adds to the list. A change that lets some caller do more (a looser approval,",
      "a new executable, --clear-exe) waits until someone runs `persona approve ID`.",
      "",
      "Examples:",
      "  persona vault policy Work",
      "  persona vault policy Work --approval ask",
      "  persona vault policy Ci --allow-exe /usr/bin/git --allow-exe /usr/bin/ssh",
      "  persona vault policy Ci --clear-exe --approval allow",
      "  persona vault policy Work --format json"
    })
public final class VaultPolicyCommand extends PersonaCommand {
  @Parameters(index = "0", paramLabel = "VAULT", description = "Vault name.")
  String vault;

  @Mixin PolicyOptions approval;

  @Option(
      names = "--allow-exe",
      paramLabel = "PATH",
      description = "Only these caller executables (exact resolved paths); repeatable.")
  List<String> allowExes = new ArrayList<>();

  @Option(
      names = {"--clear-exe", "--clear-exes"},
      description = "Remove the executable restriction (any caller).")
  boolean clearExes;

  @Override
  protected int run() {
    final PersonaClient client = ctx.daemon().client();
    VaultEntry entry = client.vaultPolicy(vault, null);
    if (approval.given() || !allowExes.isEmpty() || clearExes) {
      final VaultPolicyEntry current = VaultView.policyOf(entry);
      final VaultPolicyEntry wanted =
          new VaultPolicyEntry(
              approval.or(current.approval()),
              PolicyOptions.changed(current.allowedExecutables(), clearExes, allowExes));
      entry = ctx.daemon().awaitingApproval(() -> client.vaultPolicy(vault, wanted));
    }
    final VaultPolicyEntry policy = VaultView.policyOf(entry);
    if (json()) {
      final var json = jsonOut().beginObject().name("vault").value(entry.name()).name("policy");
      VaultView.writePolicy(json, policy);
      json.endObject();
      endJson();
    } else {
      ctx.out().println("vault:       " + entry.name());
      ctx.out().println("approval:    " + SshKeyView.approvalName(policy.approval()));
      ctx.out()
          .println(
              "executables: "
                  + (policy.allowedExecutables().isEmpty()
                      ? "any"
                      : String.join(" ", policy.allowedExecutables())));
    }
    return 0;
  }

  /** What a vault's policy column says: {@code ask}, or {@code allow exe=/usr/bin/git,…}. */
  static String summary(final VaultPolicyEntry policy) {
    final String approval = SshKeyView.approvalName(policy.approval());
    return policy.allowedExecutables().isEmpty()
        ? approval
        : approval + " exe=" + String.join(",", policy.allowedExecutables());
  }
}
