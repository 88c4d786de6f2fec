package dev.persona.bench.engine;

import dev.persona.engine.Engine;
import dev.persona.engine.KdfParams;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

/** Unlock (Argon2id + unwrap workspace and vault keys) at the floor and default KDF settings. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens", "java.base/java.nio=ALL-UNNAMED",
      "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"
    })
public class UnlockBenchmark {
  @Param({"floor", "default"})
  String kdf;

  Path home;
  Engine engine;

  @Setup(Level.Trial)
  public void setUp() {
    home = BenchVault.tempHome();
    engine = BenchVault.open(home, "floor".equals(kdf) ? KdfParams.FLOOR : KdfParams.DEFAULT);
    engine.init(BenchVault.PASSWORD.clone(), "Personal");
    engine.createVault("Work");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
    BenchVault.delete(home);
  }

  @Benchmark
  public boolean lockThenUnlock() {
    engine.lock();
    engine.unlock(BenchVault.PASSWORD.clone());
    return engine.isLocked();
  }
}
