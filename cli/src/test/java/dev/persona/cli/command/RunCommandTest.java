package dev.persona.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.cli.CliException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunCommandTest {
  @Test
  void shouldParseEnvFileWithCommentsExportAndQuotes() {
    final Map<String, String> vars =
        RunCommand.parseEnvFile(
            List.of(
                "# comment",
                "",
                "export A=persona://V/i/f",
                "B=\"quoted value\"",
                "C='single'",
                "D=plain=with=equals"),
            "t.env");
    assertEquals(
        Map.of(
            "A", "persona://V/i/f", "B", "quoted value", "C", "single", "D", "plain=with=equals"),
        vars);
  }

  @Test
  void shouldRejectEnvFileLineWithoutEquals() {
    final CliException e =
        assertThrows(
            CliException.class, () -> RunCommand.parseEnvFile(List.of("JUSTANAME"), "bad.env"));
    assertTrue(e.getMessage().contains("bad.env line 1"), e.getMessage());
    assertFalse(e.getMessage().contains("JUSTANAME"));
  }

  @Test
  void shouldQuoteEveryArgumentForTheScriptShell() {
    assertEquals(
        List.of(
            "/usr/bin/script",
            "-qefc",
            "SHELL='/usr/bin/fish'; export SHELL; exec 'echo' 'it'\\''s' '$HOME'",
            "/dev/null"),
        RunCommand.ptyCommand(List.of("echo", "it's", "$HOME"), "/usr/bin/fish"));
    assertEquals("unset SHELL; exec 'ls'", RunCommand.ptyCommand(List.of("ls"), null).get(2));
  }
}
