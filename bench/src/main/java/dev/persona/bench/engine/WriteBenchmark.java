package dev.persona.bench.engine;

import dev.persona.engine.Engine;
import dev.persona.engine.ItemView;
import dev.persona.engine.KdfParams;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Durable item writes: each op is one createItem committed with fsync (LMDB default sync). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens", "java.base/java.nio=ALL-UNNAMED",
      "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"
    })
public class WriteBenchmark {
  Path home;
  Engine engine;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    home = BenchVault.tempHome();
    engine = BenchVault.open(home, KdfParams.testOnlyTiny());
    engine.init(BenchVault.PASSWORD.clone(), "Personal");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
    BenchVault.delete(home);
  }

  @Benchmark
  public ItemView createItemDurable() {
    return engine.createItem("Personal", BenchVault.login(next++));
  }
}
