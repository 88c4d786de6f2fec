package dev.persona.server.approval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Asks through an askpass program, the way {@code ssh-agent} confirms an {@code ssh-add -c} key:
 * the program gets the question as its only argument and {@code SSH_ASKPASS_PROMPT=confirm} in its
 * environment; it allows by exiting 0 with nothing (or {@code yes}) on stdout, anything else denies
 * (OpenSSH's {@code ask_permission}). Closing the window denies. When someone else decides first,
 * or the approval times out, the program is terminated.
 *
 * <p>Each question runs on a virtual thread of its own, so a person taking their time never holds a
 * daemon thread; at most {@link #MAX_PROMPTS} prompts are open at once (more requests wait for
 * {@code persona approve}). Thread-safe.
 */
public final class AskpassApprover implements Approver {
  /** Windows open at once; a burst of requests must not flood the screen. */
  static final int MAX_PROMPTS = 4;

  /** Bytes of stdout read: "yes" or nothing is all that matters. */
  private static final int MAX_ANSWER = 64;

  private static final long KILL_GRACE_MS = 2_000;

  private final Path program;
  private final Consumer<String> log;
  private final Semaphore prompts = new Semaphore(MAX_PROMPTS);

  public AskpassApprover(final Path program, final Consumer<String> log) {
    this.program = program;
    this.log = log;
  }

  /**
   * The askpass program the daemon's environment asks for, or null. {@code PERSONA_ASKPASS} wins
   * when set. Otherwise {@code SSH_ASKPASS} is used as OpenSSH would for a process without a
   * terminal: with {@code SSH_ASKPASS_REQUIRE=force}, or when a display is there ({@code DISPLAY}
   * or {@code WAYLAND_DISPLAY}) and {@code SSH_ASKPASS_REQUIRE} is not {@code never}.
   */
  public static Path programFrom(final Map<String, String> env) {
    final String own = env.get("PERSONA_ASKPASS");
    if (own != null && !own.isBlank()) {
      return Path.of(own);
    }
    final String ssh = env.get("SSH_ASKPASS");
    if (ssh == null || ssh.isBlank()) {
      return null;
    }
    final String require = env.getOrDefault("SSH_ASKPASS_REQUIRE", "").toLowerCase(Locale.ROOT);
    if (require.equals("force")) {
      return Path.of(ssh);
    }
    if (require.equals("never")) {
      return null;
    }
    final boolean display =
        !env.getOrDefault("DISPLAY", "").isEmpty()
            || !env.getOrDefault("WAYLAND_DISPLAY", "").isEmpty();
    return display ? Path.of(ssh) : null;
  }

  public Path program() {
    return program;
  }

  @Override
  public Prompt ask(final ApprovalRegistry.Pending pending, final Consumer<Boolean> answer) {
    if (!prompts.tryAcquire()) {
      return Prompt.NONE;
    }
    final Question question = new Question(pending, answer);
    try {
      Thread.ofVirtual().name("persona-askpass-" + pending.id()).start(question);
    } catch (final RuntimeException ex) {
      prompts.release();
      throw ex;
    }
    return question::cancel;
  }

  /** The question shown: who, what, on which key or item, for where, and the approval id. */
  static String promptText(final ApprovalRegistry.Pending p) {
    final StringBuilder text = new StringBuilder("Persona: allow ");
    text.append(clean(p.executable())).append(" (pid ").append(p.pid()).append(") to ");
    text.append(
        switch (p.operation()) {
          case "ssh.sign" -> "sign with SSH key ";
          case "item.reveal" -> "reveal the secrets of item ";
          case "ref.read" -> "read a secret of item ";
          case "attachment.get" -> "download an attachment of item ";
          case "attachment.put" -> "add an attachment to item ";
          case "attachment.delete" -> "delete an attachment of item ";
          default -> clean(p.operation()) + " ";
        });
    text.append('\'').append(clean(p.target())).append('\'');
    if (p.destination() != null && !p.destination().isEmpty()) {
      text.append(" for ").append(clean(p.destination()));
    }
    text.append("?\n(approval ").append(p.id()).append("; `persona approve ");
    text.append(p.id()).append("` answers it too)");
    return text.toString();
  }

  /** Names come from other processes and vault items: no control characters in a prompt. */
  private static String clean(final String s) {
    if (s == null) {
      return "?";
    }
    final StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }

  /** OpenSSH's rule: an empty answer or "yes" from a program that exited 0. */
  static boolean allows(final int exitCode, final String stdout) {
    final String answer = stdout.strip();
    return exitCode == 0 && (answer.isEmpty() || answer.equalsIgnoreCase("yes"));
  }

  /** One askpass run; its virtual thread waits for the program, {@link #cancel} stops it. */
  private final class Question implements Runnable {
    private final ApprovalRegistry.Pending pending;
    private final Consumer<Boolean> answer;
    private Process process;
    private boolean cancelled;

    Question(final ApprovalRegistry.Pending pending, final Consumer<Boolean> answer) {
      this.pending = pending;
      this.answer = answer;
    }

    @Override
    public void run() {
      try {
        final Process started;
        synchronized (this) {
          if (cancelled) {
            return;
          }
          final ProcessBuilder builder =
              new ProcessBuilder(program.toString(), promptText(pending));
          builder.environment().put("SSH_ASKPASS_PROMPT", "confirm");
          builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
          builder.redirectError(ProcessBuilder.Redirect.DISCARD);
          process = builder.start();
          started = process;
        }
        final String stdout;
        try (InputStream in = started.getInputStream()) {
          stdout = new String(in.readNBytes(MAX_ANSWER), StandardCharsets.UTF_8);
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        final int exit = started.waitFor();
        synchronized (this) {
          if (cancelled) {
            return; // someone else decided; the program was told to go away
          }
        }
        answer.accept(allows(exit, stdout));
      } catch (final IOException ex) {
        // No program, not executable…: leave the request to `persona approve` and the timeout.
        log.accept(
            "warning: askpass "
                + program
                + " failed for approval "
                + pending.id()
                + ": "
                + ex.getMessage()
                + (Files.isExecutable(program) ? "" : " (not an executable file)"));
      } catch (final InterruptedException ex) {
        Thread.currentThread().interrupt();
      } finally {
        prompts.release();
      }
    }

    void cancel() {
      final Process running;
      synchronized (this) {
        if (cancelled) {
          return;
        }
        cancelled = true;
        running = process;
      }
      if (running != null && running.isAlive()) {
        running.destroy();
        // A program that ignores SIGTERM is killed; onExit runs on the JDK's process reaper.
        running
            .onExit()
            .completeOnTimeout(null, KILL_GRACE_MS, TimeUnit.MILLISECONDS)
            .thenRun(running::destroyForcibly);
      }
    }
  }
}
