package dev.persona.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreToolTest {
  @TempDir Path home;

  private String run(final char[] password, final int expectedExit) {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final int exit =
        StoreTool.run(home, password, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    final String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(expectedExit, exit, out);
    return out;
  }

  @Test
  void shouldReportCountsAndVerifyWithPassword() {
    try (Engine e = EngineFixture.initialized(home, EngineFixture.clock())) {
      e.createItem("Personal", EngineFixture.login("a", "u", "secret-a", "https://a"));
      e.appendAudit(new AuditEvent(1, 1, 1, "x", "y", "z", "ok"));
    }
    final String out = run(EngineFixture.PASSWORD.clone(), 0);
    assertTrue(out.contains("db=items entries=1"), out);
    assertTrue(out.contains("records=1 decrypt=ok"), out);
    assertTrue(out.contains("audit entries=1 intact=true"), out);
    assertTrue(!out.contains("secret-a"), out);
  }

  @Test
  void shouldFailWithFileNameOnCorruptStore() throws Exception {
    try (Engine e = EngineFixture.initialized(home, EngineFixture.clock())) {
      e.createItem("Personal", EngineFixture.login("a", "u", "p", "https://a"));
    }
    try (RandomAccessFile f = new RandomAccessFile(home.resolve("store/data.mdb").toFile(), "rw")) {
      f.seek(16);
      f.writeInt(0);
    }
    final String out = run(null, 1);
    assertTrue(out.contains("data.mdb") && out.contains("not an LMDB data file"), out);
  }
}
