package dev.persona.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --token-file FILE} option every command carries (a picocli mixin through {@link
 * PersonaCommand}): where to read the access token from instead of {@code $PERSONA_TOKEN}. There is
 * deliberately no option taking the token itself: argv is readable by every user through {@code
 * /proc/PID/cmdline}.
 */
public final class TokenOptions {
  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "Read the access token from FILE (mode 0600; default: $PERSONA_TOKEN, if set).")
  Path tokenFile;
}
