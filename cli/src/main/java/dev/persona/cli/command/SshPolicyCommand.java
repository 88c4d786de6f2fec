package dev.persona.cli.command;

import dev.persona.cli.PersonaCommand;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.SshKeyEntry;
import dev.persona.schema.client.SshPolicy;
import dev.persona.schema.fb.ApprovalMode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code persona ssh policy KEY [...]}: shows, or with options changes, who may sign with a key and
 * how.
 */
@Command(
    name = "policy",
    description =
        "Show or change a key's signing policy: approval (allow|ask|deny), caller executables, hosts.",
    footer = {
      "",
      "Without options the current policy is printed. Options change only what they name.",
      "",
      "Examples:",
      "  persona ssh policy deploy",
      "  persona ssh policy deploy --approval ask --remember 8h",
      "  persona ssh policy deploy --allow-exe /usr/bin/git --allow-exe /usr/bin/ssh --allow-host github.com",
      "  persona ssh policy deploy --clear-exes --clear-hosts"
    })
public final class SshPolicyCommand extends PersonaCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "Key name, id or fingerprint.")
  String key;

  @Mixin PolicyOptions approval;

  @Option(
      names = "--allow-exe",
      paramLabel = "PATH",
      description = "Only these caller executables may sign; repeatable.")
  List<String> allowExes = new ArrayList<>();

  @Option(
      names = "--allow-host",
      paramLabel = "HOST",
      description = "Only for these destination hosts; repeatable.")
  List<String> allowHosts = new ArrayList<>();

  @Option(names = "--clear-exes", description = "Remove the executable restriction.")
  boolean clearExes;

  @Option(names = "--clear-hosts", description = "Remove the host restriction.")
  boolean clearHosts;

  @Option(
      names = "--remember",
      paramLabel = "DURATION",
      description = "Remember an approval this long per caller (e.g. 15m).")
  String remember;

  @Override
  protected int run() {
    final PersonaClient client = ctx.daemon().client();
    SshKeyEntry entry = client.sshPolicy(key, null);
    final boolean change =
        approval.given()
            || !allowExes.isEmpty()
            || !allowHosts.isEmpty()
            || clearExes
            || clearHosts
            || remember != null;
    if (change) {
      final SshPolicy current =
          entry.policy() != null
              ? entry.policy()
              : new SshPolicy(ApprovalMode.ALLOW, List.of(), List.of(), 0);
      final SshPolicy wanted =
          new SshPolicy(
              approval.or(current.approval()),
              PolicyOptions.changed(current.allowedExecutables(), clearExes, allowExes),
              PolicyOptions.changed(current.allowedHosts(), clearHosts, allowHosts),
              remember == null ? current.rememberMs() : Durations.parseMs(remember));
      entry = ctx.daemon().awaitingApproval(() -> client.sshPolicy(key, wanted));
    }
    if (json()) {
      final var json = jsonOut().beginObject().name("key").value(entry.name()).name("policy");
      SshKeyView.writePolicy(json, entry.policy());
      json.endObject();
      endJson();
    } else {
      final SshPolicy p = entry.policy();
      ctx.out().println("key:         " + entry.name() + " " + entry.fingerprint());
      ctx.out()
          .println("approval:    " + (p == null ? "allow" : SshKeyView.approvalName(p.approval())));
      ctx.out()
          .println(
              "executables: "
                  + (p == null || p.allowedExecutables().isEmpty()
                      ? "any"
                      : String.join(" ", p.allowedExecutables())));
      ctx.out()
          .println(
              "hosts:       "
                  + (p == null || p.allowedHosts().isEmpty()
                      ? "any"
                      : String.join(" ", p.allowedHosts())));
      ctx.out()
          .println(
              "remember:    "
                  + (p == null || p.rememberMs() == 0 ? "no" : p.rememberMs() / 1000 + " s"));
    }
    return 0;
  }
}
