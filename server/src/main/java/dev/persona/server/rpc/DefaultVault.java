package dev.persona.server.rpc;

import dev.persona.engine.Engine;
import dev.persona.engine.PersonaException;
import dev.persona.engine.VaultInfo;
import java.util.List;

/**
 * Resolves the vault a request names, or — when it names none — the default vault: the first one
 * created (the {@code Personal} vault of {@code persona init}), so scripts need no {@code --vault}.
 */
final class DefaultVault {
  private DefaultVault() {}

  static String resolve(final Engine engine, final String vault) {
    if (vault != null && !vault.isEmpty()) {
      return vault;
    }
    final List<VaultInfo> vaults = engine.listVaults();
    if (vaults.isEmpty()) {
      throw new PersonaException(PersonaException.Category.NOT_FOUND, "no vault exists yet");
    }
    return vaults.get(0).name();
  }
}
