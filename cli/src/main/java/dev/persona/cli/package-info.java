/**
 * The {@code persona} command: entry point ({@link dev.persona.cli.Main}), command tree ({@link
 * dev.persona.cli.PersonaCli}), the per-process {@link dev.persona.cli.CliContext}, the daemon
 * connection with autostart ({@link dev.persona.cli.DaemonConnector}), exit codes ({@link
 * dev.persona.cli.ExitCodes}) and error messages ({@link dev.persona.cli.ErrorReport}).
 *
 * <p>Priorities: start-up time (class path of schema + picocli only, AOT cache, {@link
 * dev.persona.cli.FastRead}), then never leaking a secret (no argv, no String where avoidable,
 * masked unless asked). Critical path: {@code persona read persona://…} — one connect, one Hello,
 * one ReadRefs.
 */
package dev.persona.cli;
