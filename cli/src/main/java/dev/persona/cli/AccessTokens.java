package dev.persona.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * Finds the access token a command presents to the daemon: the file named by {@code --token-file},
 * else {@code $PERSONA_TOKEN}, else none. Never argv. A token file others can read is refused, as
 * ssh refuses such a private key, because the token is a bearer secret.
 *
 * <p>Stateless; thread-safe.
 */
public final class AccessTokens {
  /** The environment variable scripts hand a token down in (like {@code BW_SESSION}). */
  public static final String TOKEN_ENV = "PERSONA_TOKEN";

  /** A token is at most this long; anything longer is not one (and is not echoed back). */
  static final int MAX_LENGTH = 1024;

  private AccessTokens() {}

  /**
   * The token's bytes to send, or null for none.
   *
   * @throws CliException BAD_INPUT when the file is missing, readable by others, empty, or when
   *     either source does not look like a token (printable ASCII without spaces)
   */
  public static byte[] load(final Path file, final String fromEnv) {
    if (file != null) {
      return fromFile(file);
    }
    if (fromEnv == null || fromEnv.isBlank()) {
      return null;
    }
    final String text = fromEnv.strip();
    final byte[] token = new byte[text.length()];
    for (int i = 0; i < token.length; i++) {
      token[i] = (byte) text.charAt(i);
      if (!printable(text.charAt(i)) || token.length > MAX_LENGTH) {
        throw CliException.badInput(
            TOKEN_ENV + " does not hold an access token (expected pst_… from persona unlock)");
      }
    }
    return token;
  }

  private static byte[] fromFile(final Path file) {
    final byte[] raw;
    try {
      final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.contains(PosixFilePermission.GROUP_READ)
          || mode.contains(PosixFilePermission.OTHERS_READ)) {
        throw CliException.badInput(
            "token file " + file + " is readable by other users; run: chmod 600 " + file);
      }
      if (Files.size(file) > MAX_LENGTH) {
        throw CliException.badInput("token file " + file + " does not hold an access token");
      }
      raw = Files.readAllBytes(file);
    } catch (final NoSuchFileException e) {
      throw CliException.badInput("no token file " + file);
    } catch (final IOException | UnsupportedOperationException e) {
      throw CliException.badInput("cannot read token file " + file + ": " + e.getMessage());
    }
    try {
      int start = 0;
      int end = raw.length;
      while (start < end && Character.isWhitespace(raw[start])) {
        start++;
      }
      while (end > start && Character.isWhitespace(raw[end - 1])) {
        end--;
      }
      if (start == end) {
        throw CliException.badInput("token file " + file + " is empty");
      }
      for (int i = start; i < end; i++) {
        if (!printable((char) raw[i])) {
          throw CliException.badInput("token file " + file + " does not hold an access token");
        }
      }
      return Arrays.copyOfRange(raw, start, end);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static boolean printable(final char c) {
    return c > ' ' && c < 0x7f;
  }
}
