/**
 * Readers for other password managers' exports (Bitwarden JSON, 1Password .1pux and CSV, KeePassXC
 * CSV, KeePass XML) into item drafts, with their attachments and a list of what each left out.
 */
package dev.persona.cli.imports;
