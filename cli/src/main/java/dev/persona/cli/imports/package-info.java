/**
 * Readers for other password managers' exports (Bitwarden JSON, KeePassXC CSV) into item drafts.
 */
package dev.persona.cli.imports;
