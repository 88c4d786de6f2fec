package dev.persona.bench.engine;

import dev.persona.engine.Engine;
import dev.persona.engine.KdfParams;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The lookup hot path: {@link Engine#readField} by item name at 100k items (blind index hit, unwrap
 * the item key, decrypt the record, copy one field).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens", "java.base/java.nio=ALL-UNNAMED",
      "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"
    })
public class LookupBenchmark {
  @Param({"100000"})
  int items;

  Path home;
  Engine engine;
  String[] names;
  final UnsafeBuffer dst = new UnsafeBuffer(new byte[256]);
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    home = BenchVault.tempHome();
    engine = BenchVault.open(home, KdfParams.testOnlyTiny());
    engine.init(BenchVault.PASSWORD.clone(), "Personal");
    BenchVault.fill(engine, "Personal", items);
    names = new String[4096];
    final java.util.Random r = new java.util.Random(42);
    for (int i = 0; i < names.length; i++) {
      names[i] = "item-" + r.nextInt(items);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
    BenchVault.delete(home);
  }

  @Benchmark
  public int readFieldByName() {
    final int n = engine.readField("Personal", names[next++ & 4095], "password", dst, 0);
    if (n < 0) {
      throw new IllegalStateException("readField status=" + n);
    }
    return n;
  }
}
