package dev.persona.schema.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.fb.ErrorCode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersonaPathsTest {
  private static final String USER_HOME = "/home/ada";

  @Test
  void shouldDefaultToDotPersonaAndXdgRuntimeDir() {
    final PersonaPaths p =
        PersonaPaths.resolve(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), USER_HOME);
    assertEquals(Path.of("/home/ada/.persona"), p.home());
    assertEquals(Path.of("/run/user/1000/persona/persona.sock"), p.rpcSocket());
    assertEquals(Path.of("/run/user/1000/persona/agent.sock"), p.agentSocket());
  }

  @Test
  void shouldFallBackToHomeRunWithoutXdgRuntimeDir() {
    final PersonaPaths p = PersonaPaths.resolve(Map.of(), USER_HOME);
    assertEquals(Path.of("/home/ada/.persona/run/persona.sock"), p.rpcSocket());
  }

  @Test
  void shouldIgnoreXdgRuntimeDirWhenPersonaHomeIsSetSoTwoHomesNeverShareASocket() {
    final PersonaPaths a =
        PersonaPaths.resolve(
            Map.of("PERSONA_HOME", "/tmp/a", "XDG_RUNTIME_DIR", "/run/user/1"), USER_HOME);
    final PersonaPaths b =
        PersonaPaths.resolve(
            Map.of("PERSONA_HOME", "/tmp/b", "XDG_RUNTIME_DIR", "/run/user/1"), USER_HOME);
    assertEquals(Path.of("/tmp/a/run/persona.sock"), a.rpcSocket());
    assertEquals(Path.of("/tmp/a"), a.home());
    assertNotEquals(a.rpcSocket(), b.rpcSocket());
  }

  @Test
  void shouldPreferPersonaRuntimeDirOverEverything() {
    final PersonaPaths p =
        PersonaPaths.resolve(
            Map.of(
                "PERSONA_HOME", "/tmp/a",
                "XDG_RUNTIME_DIR", "/run/user/1",
                "PERSONA_RUNTIME_DIR", "/tmp/rt"),
            USER_HOME);
    assertEquals(Path.of("/tmp/rt/persona.sock"), p.rpcSocket());
    assertEquals(Path.of("/tmp/rt/agent.sock"), p.agentSocket());
  }

  @Test
  void shouldTreatEmptyVariablesAsUnset() {
    final PersonaPaths p =
        PersonaPaths.resolve(
            Map.of("PERSONA_HOME", "", "PERSONA_RUNTIME_DIR", "", "XDG_RUNTIME_DIR", "/run/user/7"),
            USER_HOME);
    assertEquals(Path.of("/home/ada/.persona"), p.home());
    assertEquals(Path.of("/run/user/7/persona/persona.sock"), p.rpcSocket());
  }

  @Test
  void shouldRefuseSocketPathLongerThanSunPathNamingIt() {
    final String longDir = "/tmp/" + "x".repeat(100);
    final PersonaClientException e =
        assertThrows(
            PersonaClientException.class,
            () -> PersonaPaths.resolve(Map.of("PERSONA_RUNTIME_DIR", longDir), USER_HOME));
    assertEquals(ErrorCode.BAD_INPUT, e.errorCode());
    assertTrue(e.getMessage().contains(longDir), e.getMessage());
    assertTrue(e.getMessage().contains("PERSONA_RUNTIME_DIR"), e.getMessage());
  }

  @Test
  void shouldAcceptSocketPathOfExactly107Bytes() {
    // 107 bytes + NUL = 108 = sizeof(sun_path); "/persona.sock" is 13 bytes.
    final String dir = "/" + "d".repeat(107 - 13 - 1);
    final PersonaPaths p = PersonaPaths.resolve(Map.of("PERSONA_RUNTIME_DIR", dir), USER_HOME);
    assertEquals(107, p.rpcSocket().toString().length());
    final String tooLong = dir + "d";
    assertThrows(
        PersonaClientException.class,
        () -> PersonaPaths.resolve(Map.of("PERSONA_RUNTIME_DIR", tooLong), USER_HOME));
  }
}
