package dev.persona.engine.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The few Linux libc calls that keep key material out of swap, core dumps and debuggers: {@code
 * mlock}/{@code munlock}/{@code madvise(MADV_DONTDUMP)} for key pages, {@code
 * prctl(PR_SET_DUMPABLE)} and {@code setrlimit(RLIMIT_CORE)} for the process. Called through the
 * JDK's FFM API (no JNI, no native library of ours); the JVM needs {@code
 * --enable-native-access=ALL-UNNAMED}.
 *
 * <p>Errors are values: each call returns 0 or a positive {@code errno}; on a platform without
 * these calls (not Linux, or a lookup failed) every call returns {@link #ENOSYS}. Thread-safe.
 */
public final class Libc {
  public static final int EPERM = 1;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EINVAL = 22;
  public static final int ENOSYS = 38;

  // <sys/prctl.h>, <sys/resource.h>, <sys/mman.h>: the same numbers on every Linux architecture
  // the JDK runs on (x86_64, aarch64, riscv64, ppc64le, s390x use the generic values).
  static final int PR_GET_DUMPABLE = 3;
  static final int PR_SET_DUMPABLE = 4;
  static final int RLIMIT_CORE = 4;
  static final int RLIMIT_MEMLOCK = 8;
  static final int MADV_DONTDUMP = 16;

  /** {@code struct rlimit { rlim_t rlim_cur; rlim_t rlim_max; }}, rlim_t being unsigned long. */
  private static final StructLayout RLIMIT = MemoryLayout.structLayout(JAVA_LONG, JAVA_LONG);

  private static final Bindings BINDINGS = Bindings.load();

  private Libc() {}

  /** Whether the calls are bound (Linux with a libc the JDK's linker found). */
  public static boolean available() {
    return BINDINGS != null;
  }

  /** Locks the pages under {@code segment} in RAM; 0 or errno (EPERM/ENOMEM: RLIMIT_MEMLOCK). */
  public static int mlock(final MemorySegment segment) {
    return BINDINGS == null ? ENOSYS : BINDINGS.call(BINDINGS.mlock, segment, segment.byteSize());
  }

  /** Unlocks what {@link #mlock} locked; 0 or errno. */
  public static int munlock(final MemorySegment segment) {
    return BINDINGS == null ? ENOSYS : BINDINGS.call(BINDINGS.munlock, segment, segment.byteSize());
  }

  /**
   * Leaves the pages under {@code segment} (page-aligned) out of core dumps even if one is made by
   * another route than ours; 0 or errno.
   */
  public static int excludeFromCoreDumps(final MemorySegment segment) {
    if (BINDINGS == null) {
      return ENOSYS;
    }
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment state = arena.allocate(Bindings.CAPTURE);
      final int rc =
          (int) BINDINGS.madvise.invokeExact(state, segment, segment.byteSize(), MADV_DONTDUMP);
      return rc == 0 ? 0 : Bindings.errno(state);
    } catch (final Throwable t) {
      throw Bindings.rethrow(t);
    }
  }

  /**
   * Sets whether this process may be core-dumped or ptrace-attached by same-uid processes (and
   * whether its {@code /proc/<pid>} files belong to the user); 0 or errno.
   */
  public static int setDumpable(final boolean dumpable) {
    return BINDINGS == null ? ENOSYS : BINDINGS.prctl(PR_SET_DUMPABLE, dumpable ? 1 : 0);
  }

  /** 1 when dumpable, 0 when not, or a negative errno. */
  public static int dumpable() {
    if (BINDINGS == null) {
      return -ENOSYS;
    }
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment state = arena.allocate(Bindings.CAPTURE);
      final int rc = (int) BINDINGS.prctl.invokeExact(state, PR_GET_DUMPABLE, 0L, 0L, 0L, 0L);
      return rc >= 0 ? rc : -Bindings.errno(state);
    } catch (final Throwable t) {
      throw Bindings.rethrow(t);
    }
  }

  /** Sets the soft and hard core-file size limits to 0 (irreversible for this process). */
  public static int disableCoreDumps() {
    return setLimit(RLIMIT_CORE, 0, 0);
  }

  /** The soft core-file size limit in bytes ({@code -1}: unlimited), or {@code -errno - 2}. */
  public static long coreLimit() {
    return softLimit(RLIMIT_CORE);
  }

  /** The soft RLIMIT_MEMLOCK in bytes ({@code -1}: unlimited), or {@code -errno - 2}. */
  public static long memlockLimit() {
    return softLimit(RLIMIT_MEMLOCK);
  }

  /** A short name for an errno this class returns, for log lines. */
  public static String errnoName(final int errno) {
    return switch (errno) {
      case EPERM -> "EPERM";
      case EAGAIN -> "EAGAIN";
      case ENOMEM -> "ENOMEM";
      case EINVAL -> "EINVAL";
      case ENOSYS -> "ENOSYS (not supported here)";
      default -> "errno " + errno;
    };
  }

  private static int setLimit(final int resource, final long soft, final long hard) {
    if (BINDINGS == null) {
      return ENOSYS;
    }
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment limit = arena.allocate(RLIMIT);
      limit.set(JAVA_LONG, 0, soft);
      limit.set(JAVA_LONG, 8, hard);
      final MemorySegment state = arena.allocate(Bindings.CAPTURE);
      final int rc = (int) BINDINGS.setrlimit.invokeExact(state, resource, limit);
      return rc == 0 ? 0 : Bindings.errno(state);
    } catch (final Throwable t) {
      throw Bindings.rethrow(t);
    }
  }

  private static long softLimit(final int resource) {
    if (BINDINGS == null) {
      return -ENOSYS - 2L;
    }
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment limit = arena.allocate(RLIMIT);
      final MemorySegment state = arena.allocate(Bindings.CAPTURE);
      final int rc = (int) BINDINGS.getrlimit.invokeExact(state, resource, limit);
      if (rc != 0) {
        return -Bindings.errno(state) - 2L;
      }
      final long soft = limit.get(JAVA_LONG, 0);
      return soft < 0 ? -1 : soft; // RLIM_INFINITY is ~0UL
    } catch (final Throwable t) {
      throw Bindings.rethrow(t);
    }
  }

  /** The bound method handles; null when this is not Linux. */
  private record Bindings(
      MethodHandle mlock,
      MethodHandle munlock,
      MethodHandle madvise,
      MethodHandle prctl,
      MethodHandle getrlimit,
      MethodHandle setrlimit) {
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
        CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    static Bindings load() {
      if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
        return null;
      }
      try {
        final Linker linker = Linker.nativeLinker();
        final Linker.Option errno = Linker.Option.captureCallState("errno");
        final FunctionDescriptor range = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG);
        return new Bindings(
            bind(linker, "mlock", range, errno),
            bind(linker, "munlock", range, errno),
            bind(
                linker,
                "madvise",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
                errno),
            // int prctl(int option, ...): the four unsigned long arguments are variadic.
            bind(
                linker,
                "prctl",
                FunctionDescriptor.of(
                    JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                errno,
                Linker.Option.firstVariadicArg(1)),
            bind(linker, "getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), errno),
            bind(linker, "setrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), errno));
      } catch (final RuntimeException | LinkageError ex) {
        // No libc symbol or no native access: the callers degrade (ENOSYS) and say so.
        return null;
      }
    }

    // Restricted by design: these are the only downcalls, and their signatures match the man pages.
    @SuppressWarnings("restricted")
    private static MethodHandle bind(
        final Linker linker,
        final String name,
        final FunctionDescriptor descriptor,
        final Linker.Option... options) {
      final MemorySegment symbol =
          linker
              .defaultLookup()
              .find(name)
              .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
      return linker.downcallHandle(symbol, descriptor, options);
    }

    int call(final MethodHandle range, final MemorySegment segment, final long length) {
      try (Arena arena = Arena.ofConfined()) {
        final MemorySegment state = arena.allocate(CAPTURE);
        final int rc = (int) range.invokeExact(state, segment, length);
        return rc == 0 ? 0 : errno(state);
      } catch (final Throwable t) {
        throw rethrow(t);
      }
    }

    int prctl(final int option, final long arg) {
      try (Arena arena = Arena.ofConfined()) {
        final MemorySegment state = arena.allocate(CAPTURE);
        final int rc = (int) prctl.invokeExact(state, option, arg, 0L, 0L, 0L);
        return rc == 0 ? 0 : errno(state);
      } catch (final Throwable t) {
        throw rethrow(t);
      }
    }

    static int errno(final MemorySegment state) {
      return (int) ERRNO.get(state, 0L);
    }

    static RuntimeException rethrow(final Throwable t) {
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      return new IllegalStateException("libc call failed", t);
    }
  }
}
