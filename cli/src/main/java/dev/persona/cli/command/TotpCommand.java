package dev.persona.cli.command;

import dev.persona.cli.CliException;
import dev.persona.cli.PasswordOptions;
import dev.persona.cli.PersonaCommand;
import dev.persona.cli.otp.Totp;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.RefValue;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.RefAttribute;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code persona totp ITEM}: the current RFC 6238 code. The daemon computes it ({@code
 * ?attribute=totp}), so the seed never leaves it; a daemon without that feature
 * (UNSUPPORTED_OPERATION) makes the CLI read the seed and compute the code itself. {@code
 * --seed-stdin} computes from a seed on stdin without any daemon.
 */
@Command(
    name = "totp",
    aliases = "otp",
    description =
        "Print the current TOTP code of an item's one-time-password field (otpauth:// URI or base32).",
    footer = {
      "",
      "Examples:",
      "  persona totp github",
      "  persona totp github --field 2fa --vault Work",
      "  echo JBSWY3DPEHPK3PXP | persona totp --seed-stdin"
    })
public final class TotpCommand extends PersonaCommand {
  @Mixin VaultOption vaultOption;

  @Parameters(index = "0", arity = "0..1", paramLabel = "ITEM", description = "Item name or id.")
  String item;

  @Option(
      names = "--field",
      paramLabel = "FIELD",
      description = "The field holding the seed (default: ${DEFAULT-VALUE}).",
      defaultValue = "totp")
  String field;

  @Option(
      names = "--seed-stdin",
      description = "Read the seed (otpauth:// or base32) from stdin; no daemon needed.")
  boolean seedStdin;

  @Override
  protected int run() throws Exception {
    final long now = System.currentTimeMillis() / 1000;
    final String code;
    int remaining = 0;
    if (seedStdin) {
      final char[] seed = PasswordOptions.firstLine(ctx.in());
      try (Totp totp = parse(seed)) {
        code = totp.codeAt(now);
        remaining = totp.secondsRemaining(now);
      } finally {
        Arrays.fill(seed, '\0');
      }
    } else {
      if (item == null) {
        throw CliException.badInput("totp needs ITEM (or --seed-stdin)");
      }
      final PersonaClient client = ctx.daemon().client();
      String vault = vaultOption.vault(ctx);
      if (vault == null) {
        final ItemEntry entry =
            Items.withSuggestion(client, null, item, () -> client.getItem(null, item, false));
        vault = entry.vault();
        entry.wipe();
      }
      final SecretRef ref = new SecretRef(vault, item, field, RefAttribute.TOTP);
      final RefValue value =
          ctx.daemon().awaitingApproval(() -> client.readRefValues(List.of(ref))).get(0);
      if (value.errorCode() == ErrorCode.OK) {
        code = new String(value.value(), StandardCharsets.US_ASCII);
      } else if (value.errorCode() == ErrorCode.UNSUPPORTED_OPERATION) {
        code = computeLocally(client, new SecretRef(vault, item, field, RefAttribute.VALUE), now);
      } else {
        throw RefResolver.explain(client, ref, value.errorCode());
      }
    }
    if (json()) {
      final var json = jsonOut().beginObject().name("code").value(code);
      if (remaining > 0) {
        json.name("secondsRemaining").value(remaining);
      }
      json.endObject();
      endJson();
    } else {
      ctx.out().println(code);
    }
    return 0;
  }

  private String computeLocally(final PersonaClient client, final SecretRef ref, final long now) {
    final List<byte[]> values =
        ctx.daemon().awaitingApproval(() -> RefResolver.resolve(client, List.of(ref)));
    final byte[] seedBytes = values.get(0);
    final java.nio.CharBuffer decoded =
        StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(seedBytes));
    final char[] seed = Arrays.copyOf(decoded.array(), decoded.limit());
    Arrays.fill(decoded.array(), '\0');
    try (Totp totp = parse(seed)) {
      return totp.codeAt(now);
    } finally {
      Arrays.fill(seedBytes, (byte) 0);
      Arrays.fill(seed, '\0');
    }
  }

  private static Totp parse(final char[] seed) {
    try {
      return Totp.parse(seed);
    } catch (final IllegalArgumentException e) {
      throw CliException.badInput(e.getMessage());
    }
  }
}
