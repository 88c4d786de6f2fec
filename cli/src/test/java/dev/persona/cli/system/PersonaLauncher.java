package dev.persona.cli.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code bin/personad} for one test class, and the real {@code bin/persona} launcher run
 * against it with the daemon's environment: to the end ({@link #run}), or left running as in a
 * terminal ({@link #start}). Registered as a static {@code @RegisterExtension} field, it starts the
 * daemon before the class's {@code @BeforeAll} methods and stops it after the class's last test.
 */
final class PersonaLauncher implements BeforeAllCallback, AfterAllCallback {
  private static final Pattern WAITING = Pattern.compile("waiting for approval ([0-9a-f]+) ");
  private final String daemonJavaOpts;
  private DaemonProcess daemon;
  private String path;

  PersonaLauncher() {
    this("");
  }

  /** With extra JVM options for the daemon (e.g. {@code -Dpersona.approval.timeout.ms=…}). */
  PersonaLauncher(final String daemonJavaOpts) {
    this.daemonJavaOpts = daemonJavaOpts;
  }

  @Override
  public void beforeAll(final ExtensionContext context) throws Exception {
    daemon = DaemonProcess.start(daemonJavaOpts);
    path = RealTools.repoRoot().resolve("bin/persona").toString();
  }

  @Override
  public void afterAll(final ExtensionContext context) {
    if (daemon != null) {
      daemon.close();
    }
  }

  DaemonProcess daemon() {
    return daemon;
  }

  /** The launcher's absolute path, for a test that runs it under another command. */
  String path() {
    return path;
  }

  /** Runs {@code persona ARGS} to the end; returns its exit code and output. */
  DaemonProcess.Result run(final String stdin, final String... args)
      throws IOException, InterruptedException {
    return daemon.run(stdin, command(args));
  }

  /** Runs {@code persona ARGS} to the end with {@code extraEnv} on top of the daemon's. */
  DaemonProcess.Result runWithEnv(
      final Map<String, String> extraEnv, final String stdin, final String... args)
      throws IOException, InterruptedException {
    return daemon.run(extraEnv, stdin, command(args));
  }

  /** {@code persona ARGS} with the daemon's environment, for a test to redirect and start. */
  ProcessBuilder builder(final String... args) {
    final ProcessBuilder builder = new ProcessBuilder(command(args));
    builder.environment().putAll(daemon.environment());
    return builder;
  }

  /**
   * Starts {@code persona ARGS} and leaves it running, watching its stderr for approval notices.
   */
  Waiting start(final String... args) throws IOException {
    final ProcessBuilder builder = builder(args);
    final Path stdout = Files.createTempFile(daemon.home(), "out", ".txt");
    builder.redirectOutput(stdout.toFile());
    final Process process = builder.start();
    final CompletableFuture<String> approvalId = new CompletableFuture<>();
    final StringBuffer stderr = new StringBuffer();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  stderr.append(line).append('\n');
                  final Matcher m = WAITING.matcher(line);
                  if (m.find()) {
                    approvalId.complete(m.group(1));
                  }
                }
              } catch (final IOException ignored) {
                // the process is gone; the test reads what it got
              }
              approvalId.complete(null);
            });
    return new Waiting(process, stdout, approvalId, stderr);
  }

  private List<String> command(final String... args) {
    final List<String> command = new ArrayList<>();
    command.add(path);
    command.addAll(List.of(args));
    return command;
  }

  /** A command left running, as in a terminal: its stderr is read line by line as it comes. */
  record Waiting(
      Process process, Path stdout, CompletableFuture<String> approvalId, StringBuffer stderr) {
    int exit() throws InterruptedException {
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "finished");
      return process.exitValue();
    }

    String out() throws IOException {
      return Files.readString(stdout);
    }

    /** The id of the approval it announced it waits for. */
    String announced() throws Exception {
      final String id = approvalId.get(20, TimeUnit.SECONDS);
      assertTrue(id != null, "no waiting notice on stderr: " + stderr);
      return id;
    }
  }
}
