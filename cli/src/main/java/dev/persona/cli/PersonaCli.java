package dev.persona.cli;

import dev.persona.cli.command.AgentCommand;
import dev.persona.cli.command.ApprovalsCommand;
import dev.persona.cli.command.ApproveCommand;
import dev.persona.cli.command.AttachCommand;
import dev.persona.cli.command.AuditCommand;
import dev.persona.cli.command.CompletionCommand;
import dev.persona.cli.command.DaemonCommand;
import dev.persona.cli.command.DenyCommand;
import dev.persona.cli.command.ExportCommand;
import dev.persona.cli.command.GenerateCommand;
import dev.persona.cli.command.GrantCommand;
import dev.persona.cli.command.GroupCommand;
import dev.persona.cli.command.ImportCommand;
import dev.persona.cli.command.InitCommand;
import dev.persona.cli.command.InjectCommand;
import dev.persona.cli.command.ItemCommand;
import dev.persona.cli.command.LockCommand;
import dev.persona.cli.command.PasswdCommand;
import dev.persona.cli.command.ReadCommand;
import dev.persona.cli.command.RunCommand;
import dev.persona.cli.command.SshCommand;
import dev.persona.cli.command.StatusCommand;
import dev.persona.cli.command.TokenCommand;
import dev.persona.cli.command.TotpCommand;
import dev.persona.cli.command.UnlockCommand;
import dev.persona.cli.command.VaultCommand;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code persona} command: a thin client of {@code personad} over its RPC socket. Builds the
 * picocli command tree (one class per subcommand in {@link dev.persona.cli.command}), injects the
 * {@link CliContext}, maps every failure to a documented exit code ({@link ExitCodes}) and a
 * helpful message ({@link ErrorReport}).
 *
 * <p>Runs on the main thread; {@code run} adds two pump threads for the child's output.
 */
@Command(
    name = "persona",
    // INHERIT: every subcommand gets --help/--version without repeating the attribute on ~50
    // classes.
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = PersonaCli.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description =
        "Persona: a local-first credential vault and SSH agent. The CLI talks to personad.",
    footer = {
      "",
      "Examples:",
      "  persona init --password-stdin < pw.txt",
      "  persona unlock",
      "  persona read persona://Personal/github/password",
      "  persona run --env-file .env -- ./deploy.sh",
      "",
      "Exit codes: 0 ok, 1 error, 2 bad input, 3 not found, 4 locked, 5 denied, 6 approval required,",
      "  7 daemon unreachable, 8 conflict, 9 wrong password, 10 version mismatch, 11 not initialized, 12 busy,",
      "  13 access token required or expired.",
      "",
      "Environment: PERSONA_TOKEN (access token sent with every request; or --token-file FILE)."
    })
public final class PersonaCli implements Runnable {
  /** The CLI's version, as printed by {@code --version} and compared in {@code status}. */
  public static final String VERSION = "0.1.0";

  /**
   * Top-level commands in help order. Registered programmatically rather than in
   * {@code @Command(subcommands)} because picocli builds the model of every registered command by
   * reflection at start-up (annotation proxies for ~60 classes, over 100 ms); a command line that
   * names its command only pays for that one.
   */
  static final List<Class<?>> COMMANDS =
      List.of(
          InitCommand.class,
          UnlockCommand.class,
          LockCommand.class,
          TokenCommand.class,
          StatusCommand.class,
          PasswdCommand.class,
          DaemonCommand.class,
          VaultCommand.class,
          ItemCommand.class,
          AttachCommand.class,
          GenerateCommand.class,
          TotpCommand.class,
          ReadCommand.class,
          InjectCommand.class,
          RunCommand.class,
          SshCommand.class,
          AgentCommand.class,
          AuditCommand.class,
          ApprovalsCommand.class,
          ApproveCommand.class,
          DenyCommand.class,
          GrantCommand.class,
          ImportCommand.class,
          ExportCommand.class,
          CompletionCommand.class);

  @Spec CommandSpec spec;

  /** The full command tree (for tests and help). */
  public static CommandLine commandLine(final CliContext ctx) {
    return commandLine(ctx, new String[0]);
  }

  /**
   * The command tree for args: only the named top-level command when args name one, and of a group
   * only the named subcommand; else all of them (help, a typo's suggestions, completion scripts).
   * Picocli builds each registered command's model by reflection, so a command line pays only for
   * what it names.
   */
  static CommandLine commandLine(final CliContext ctx, final String[] args) {
    final Factory factory = new Factory(ctx);
    final CommandLine cli = new CommandLine(new PersonaCli(), factory);
    final String first = positional(args, 0);
    final Class<?> only =
        first == null || first.equals("completion") ? null : named(COMMANDS, first);
    final String second = only == null ? null : positional(args, 1);
    for (final Class<?> command : COMMANDS) {
      if (only == null || only == command) {
        cli.addSubcommand(withSubcommands(new CommandLine(command, factory), factory, second));
      }
    }
    cli.setOut(
        new PrintWriter(new java.io.OutputStreamWriter(ctx.out(), StandardCharsets.UTF_8), true));
    cli.setErr(
        new PrintWriter(new java.io.OutputStreamWriter(ctx.err(), StandardCharsets.UTF_8), true));
    cli.setExitCodeExceptionMapper(new ExitCodes());
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          final Object command = commandLine.getCommand();
          final boolean json = command instanceof PersonaCommand persona && persona.json();
          return ErrorReport.report(exception, ctx.err(), json);
        });
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  /** A group's subcommands: only the one name names when it names one, else all. */
  private static CommandLine withSubcommands(
      final CommandLine command, final Factory factory, final String name) {
    if (command.getCommand() instanceof GroupCommand group) {
      final Class<?> only = named(group.subcommands(), name);
      for (final Class<?> subcommand : group.subcommands()) {
        if (only == null || only == subcommand) {
          command.addSubcommand(new CommandLine(subcommand, factory));
        }
      }
    }
    return command;
  }

  /** The index-th argument that is not an option, or null. */
  private static String positional(final String[] args, final int index) {
    int seen = 0;
    for (final String arg : args) {
      if (!arg.startsWith("-") && seen++ == index) {
        return arg;
      }
    }
    return null;
  }

  /** The command of commands whose name or alias is name, or null. */
  private static Class<?> named(final List<Class<?>> commands, final String name) {
    if (name == null) {
      return null;
    }
    for (final Class<?> command : commands) {
      final Command annotation = command.getAnnotation(Command.class);
      if (annotation.name().equals(name) || List.of(annotation.aliases()).contains(name)) {
        return command;
      }
    }
    return null;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing COMMAND (see persona --help)");
  }

  /** Creates commands through picocli's default factory, then hands each its {@link CliContext}. */
  static final class Factory implements CommandLine.IFactory {
    private final CliContext ctx;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    Factory(final CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public <K> K create(final Class<K> type) throws Exception {
      final K instance;
      if (type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
        instance = fallback.create(type);
      } else {
        final Constructor<K> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        instance = constructor.newInstance();
      }
      if (instance instanceof PersonaCommand command) {
        command.context(ctx);
      }
      return instance;
    }
  }

  /** {@code --version}: the CLI version and the protocol range it speaks. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "persona " + VERSION,
        "protocol "
            + dev.persona.schema.RpcFrameDescriptor.MIN_PROTOCOL_VERSION
            + ".."
            + dev.persona.schema.RpcFrameDescriptor.MAX_PROTOCOL_VERSION,
        "JVM ${java.version} (${java.vendor} ${java.vm.name})"
      };
    }
  }
}
