package dev.persona.engine;

import dev.persona.engine.store.Db;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Offline inspector: checks a store's files, prints entry counts per database (no contents), walks
 * the audit chain and, given the password, decrypts every record.
 *
 * <p>{@code java -cp ... dev.persona.engine.StoreTool HOME [--password-stdin]}. Exit code 0 when
 * everything checked out, 1 when something is broken, 2 on usage errors. Run it only while no
 * daemon has the store open.
 */
public final class StoreTool {
  private StoreTool() {}

  public static void main(final String[] args) throws IOException {
    if (args.length < 1
        || args.length > 2
        || (args.length == 2 && !args[1].equals("--password-stdin"))) {
      System.err.println("usage: StoreTool HOME [--password-stdin]");
      System.exit(2);
    }
    char[] password = null;
    if (args.length == 2) {
      final BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      final String line = in.readLine();
      password = line == null ? new char[0] : line.toCharArray();
    }
    System.exit(run(Path.of(args[0]), password, System.out));
  }

  /** Checks the store under {@code home}; zeroes {@code password}. Returns the exit code. */
  public static int run(final Path home, final char[] password, final PrintStream out) {
    try (Engine engine = Engine.open(new Engine.Context().home(home).autoLockAfterMs(0))) {
      out.println("file=" + engine.dataFile() + " initialized=" + engine.isInitialized());
      for (final Db db : Db.values()) {
        out.println("db=" + db.dbName() + " entries=" + engine.store().read(t -> t.entries(db)));
      }
      if (!engine.isInitialized()) {
        return 0;
      }
      int status = 0;
      if (password != null) {
        engine.unlock(password);
        out.println("records=" + engine.verifyStore() + " decrypt=ok");
      }
      final AuditVerification av = engine.verifyAudit();
      out.println(
          "audit entries="
              + av.entries()
              + " intact="
              + av.intact()
              + " anchoredSeq="
              + av.anchoredSeq()
              + (av.problem().isEmpty() ? "" : " " + av.problem()));
      if (!av.intact()) {
        status = 1;
      }
      return status;
    } catch (final PersonaException e) {
      out.println("error " + e.getMessage());
      return 1;
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }
}
