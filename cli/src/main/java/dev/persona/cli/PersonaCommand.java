package dev.persona.cli;

import dev.persona.cli.json.JsonWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every leaf command: gives it the {@code --format} and {@code --token-file} mixins, the
 * {@link CliContext} (injected by {@link PersonaCli}'s factory), and the exit-code contract: {@link
 * #run()} returns 0 or throws, and {@link ExitCodes} maps what it throws.
 */
@Command
public abstract class PersonaCommand implements Callable<Integer> {
  @Mixin protected OutputOptions output;

  @Mixin protected TokenOptions tokenOptions;

  @Spec protected CommandSpec spec;

  protected CliContext ctx;

  void context(final CliContext context) {
    this.ctx = context;
  }

  /** Sets the output format without picocli (the {@link FastRead} path). */
  public PersonaCommand withFormat(final OutputOptions.Format format) {
    output = new OutputOptions();
    output.format = format;
    return this;
  }

  /** For tests that construct a command directly. */
  public PersonaCommand withContext(final CliContext context) {
    this.ctx = context;
    return this;
  }

  @Override
  public final Integer call() throws Exception {
    if (tokenOptions != null && tokenOptions.tokenFile != null) {
      ctx.daemon().tokenFile(tokenOptions.tokenFile);
    }
    return run();
  }

  protected abstract int run() throws Exception;

  protected boolean json() {
    return output != null && output.json();
  }

  /** A writer on stdout; the caller ends the document with {@link #endJson()}. */
  protected JsonWriter jsonOut() {
    return new JsonWriter(ctx.out());
  }

  protected void endJson() {
    ctx.out().println();
    ctx.out().flush();
  }
}
