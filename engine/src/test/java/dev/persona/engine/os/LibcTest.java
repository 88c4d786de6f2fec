package dev.persona.engine.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LibcTest {
  /** The kernel's count of locked memory for this process, from /proc/self/status. */
  static long lockedKiB() throws IOException {
    for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmLck:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new AssertionError("no VmLck in /proc/self/status");
  }

  @Test
  void shouldBindOnLinux() {
    assertEquals(
        System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("linux"),
        Libc.available());
  }

  @Test
  void shouldMakeTheProcessNotDumpableAndReadItBack() {
    assertEquals(1, Libc.dumpable(), "a JVM starts dumpable");
    try {
      assertEquals(0, Libc.setDumpable(false));
      assertEquals(0, Libc.dumpable());
    } finally {
      // The rest of this test JVM's life (other tests, the surefire fork) keeps its normal state.
      assertEquals(0, Libc.setDumpable(true));
    }
    assertEquals(1, Libc.dumpable());
  }

  @Test
  void shouldLockAPageInRamOrSayWhyNot() throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment page = arena.allocate(4096, 4096);
      final long before = lockedKiB();
      final int rc = Libc.mlock(page);
      if (rc == 0) {
        assertTrue(lockedKiB() >= before + 4, "VmLck grows by the locked page");
        assertEquals(0, Libc.munlock(page));
        assertEquals(before, lockedKiB());
      } else {
        // RLIMIT_MEMLOCK (or no CAP_IPC_LOCK) refused it: the error is reported, not thrown.
        assertTrue(rc == Libc.EPERM || rc == Libc.ENOMEM || rc == Libc.EAGAIN, Libc.errnoName(rc));
      }
      assertEquals(0, Libc.excludeFromCoreDumps(page));
    }
  }

  @Test
  void shouldReportAnErrnoForABadRangeInsteadOfThrowing() {
    // madvise on an address that is not page-aligned is EINVAL.
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment page = arena.allocate(8192, 4096);
      assertEquals(Libc.EINVAL, Libc.excludeFromCoreDumps(page.asSlice(1, 100)));
    }
  }

  @Test
  void shouldTurnCoreDumpsOff() {
    assertEquals(0, Libc.disableCoreDumps());
    assertEquals(0, Libc.coreLimit());
    assertTrue(Libc.memlockLimit() >= -1, "a limit or unlimited, not an error");
  }
}
