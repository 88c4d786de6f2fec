/**
 * One picocli class per (sub)command, each a {@link dev.persona.cli.PersonaCommand} returning an
 * exit code; group commands only hold subcommands. Shared helpers are named for their subject
 * ({@code Items}, {@code RefResolver}, {@code ItemEditor}, {@code DaemonProcess}).
 */
package dev.persona.cli.command;
