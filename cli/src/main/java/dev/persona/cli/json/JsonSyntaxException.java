package dev.persona.cli.json;

/**
 * Thrown when input is not the JSON we expect; the message names the position, never the content.
 */
public final class JsonSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JsonSyntaxException(final String message) {
    super(message);
  }
}
