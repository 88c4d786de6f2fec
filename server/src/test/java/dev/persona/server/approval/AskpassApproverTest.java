package dev.persona.server.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AskpassApproverTest {
  private static final ApprovalRegistry.Pending PENDING =
      new ApprovalRegistry.Pending(
          "0a1b2c3d",
          "ssh.sign",
          "deploy\nAllow? yes",
          "github.com (SHA256:abc)",
          "/usr/bin/ssh",
          4242,
          1000,
          0,
          60_000);

  @Test
  void shouldPreferPersonaAskpassOverEverything() {
    assertEquals(
        Path.of("/opt/ask"),
        AskpassApprover.programFrom(
            Map.of("PERSONA_ASKPASS", "/opt/ask", "SSH_ASKPASS", "/usr/bin/ssh-askpass")));
  }

  @Test
  void shouldUseSshAskpassOnlyWithADisplayOrWhenForced() {
    assertNull(AskpassApprover.programFrom(Map.of("SSH_ASKPASS", "/a")));
    assertEquals(
        Path.of("/a"), AskpassApprover.programFrom(Map.of("SSH_ASKPASS", "/a", "DISPLAY", ":0")));
    assertEquals(
        Path.of("/a"),
        AskpassApprover.programFrom(Map.of("SSH_ASKPASS", "/a", "WAYLAND_DISPLAY", "wayland-0")));
    assertEquals(
        Path.of("/a"),
        AskpassApprover.programFrom(Map.of("SSH_ASKPASS", "/a", "SSH_ASKPASS_REQUIRE", "force")));
    assertNull(
        AskpassApprover.programFrom(
            Map.of("SSH_ASKPASS", "/a", "DISPLAY", ":0", "SSH_ASKPASS_REQUIRE", "never")));
    assertNull(AskpassApprover.programFrom(Map.of("DISPLAY", ":0")));
  }

  @Test
  void shouldNameCallerPidTargetDestinationAndIdWithoutControlCharacters() {
    final String text = AskpassApprover.promptText(PENDING);
    assertTrue(
        text.startsWith("Persona: allow /usr/bin/ssh (pid 4242) to sign with SSH key"), text);
    assertTrue(text.contains("'deploy?Allow? yes'"), "a newline in a name cannot fake a line");
    assertTrue(text.contains("for github.com (SHA256:abc)"), text);
    assertTrue(text.contains("persona approve 0a1b2c3d"), text);
    assertEquals(1, text.chars().filter(c -> c == '\n').count(), "only our own line break");
  }

  @Test
  void shouldAllowOnlyOnExitZeroWithAnEmptyOrYesAnswerAsOpenSshDoes() {
    assertTrue(AskpassApprover.allows(0, ""));
    assertTrue(AskpassApprover.allows(0, "yes\n"));
    assertTrue(AskpassApprover.allows(0, "YES"));
    assertFalse(AskpassApprover.allows(0, "no"));
    assertFalse(AskpassApprover.allows(1, ""));
    assertFalse(AskpassApprover.allows(143, "yes"));
  }
}
