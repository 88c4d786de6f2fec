package dev.persona.cli;

import dev.persona.cli.json.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Where a command reads a password from: a terminal prompt without echo ({@link
 * java.io.Console#readPassword}), the first line of stdin ({@code --password-stdin}), or the first
 * line of a file ({@code --password-file}). Never argv: a password there is visible in {@code ps}
 * and in shell history.
 *
 * <p>Passwords are {@code char[]} (what {@link dev.persona.schema.client.PersonaClient} takes);
 * callers wipe them.
 */
public final class PasswordOptions {
  @Option(
      names = "--password-stdin",
      description = "Read the password from the first line of standard input.")
  boolean passwordStdin;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Read the password from the first line of FILE (keep it mode 0600).")
  Path passwordFile;

  /**
   * Reads one password. With confirm, a terminal prompt asks twice and insists they match (stdin
   * and file are trusted as given).
   */
  public char[] read(final CliContext ctx, final String prompt, final boolean confirm)
      throws IOException {
    final char[] chars;
    if (passwordStdin) {
      chars = firstLine(ctx.in());
    } else if (passwordFile != null) {
      try (InputStream in = Files.newInputStream(passwordFile)) {
        chars = firstLine(in);
      }
    } else {
      chars = prompt(ctx, prompt, confirm);
    }
    if (chars.length == 0) {
      throw CliException.badInput("empty password");
    }
    return chars;
  }

  /**
   * Reads a current and a new password ({@code passwd}): two prompts (the new one confirmed), or
   * the first two lines of stdin or of the file.
   */
  public char[][] readTwo(final CliContext ctx, final String firstPrompt, final String secondPrompt)
      throws IOException {
    final char[][] pair = new char[2][];
    if (passwordStdin) {
      pair[0] = firstLine(ctx.in());
      pair[1] = firstLine(ctx.in());
    } else if (passwordFile != null) {
      try (InputStream in = Files.newInputStream(passwordFile)) {
        pair[0] = firstLine(in);
        pair[1] = firstLine(in);
      }
    } else {
      pair[0] = prompt(ctx, firstPrompt, false);
      pair[1] = prompt(ctx, secondPrompt, true);
    }
    if (pair[0].length == 0 || pair[1].length == 0) {
      Arrays.fill(pair[0], '\0');
      Arrays.fill(pair[1], '\0');
      throw CliException.badInput("empty password (passwd needs the current and the new one)");
    }
    return pair;
  }

  public boolean fromStdin() {
    return passwordStdin;
  }

  static char[] prompt(final CliContext ctx, final String prompt, final boolean confirm) {
    final java.io.Console console = System.console();
    if (console == null || !ctx.stdinTerminal()) {
      throw CliException.badInput(
          "no terminal to prompt for the password; use --password-stdin or --password-file");
    }
    final char[] first = console.readPassword("%s: ", prompt);
    if (first == null) {
      throw CliException.badInput("no password entered");
    }
    if (confirm) {
      final char[] second = console.readPassword("%s (again): ", prompt);
      try {
        if (second == null || !Arrays.equals(first, second)) {
          Arrays.fill(first, '\0');
          throw CliException.badInput("the two passwords differ");
        }
      } finally {
        if (second != null) {
          Arrays.fill(second, '\0');
        }
      }
    }
    return first;
  }

  /**
   * The first line of a stream (without CR/LF), read byte by byte so nothing after it is consumed:
   * {@code passwd --password-stdin} reads two lines from the same stream.
   */
  public static char[] firstLine(final InputStream in) throws IOException {
    byte[] buffer = new byte[128];
    int length = 0;
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (length == buffer.length) {
        final byte[] bigger = Arrays.copyOf(buffer, length * 2);
        Arrays.fill(buffer, (byte) 0);
        buffer = bigger;
      }
      buffer[length++] = (byte) b;
    }
    if (length > 0 && buffer[length - 1] == '\r') {
      length--;
    }
    final java.nio.CharBuffer decoded =
        StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(buffer, 0, length));
    Arrays.fill(buffer, (byte) 0);
    final char[] line = Arrays.copyOf(decoded.array(), decoded.limit());
    Arrays.fill(decoded.array(), '\0');
    return line;
  }

  public static byte[] utf8(final char[] chars) {
    final JsonText text = JsonText.of(chars.clone());
    try {
      return text.toUtf8();
    } finally {
      text.wipe();
    }
  }
}
