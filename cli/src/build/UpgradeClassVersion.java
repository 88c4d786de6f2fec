/*
 * Build step (run by cli/pom.xml as a JDK 25 single-file program, not shipped): rewrites every class in a jar that
 * is older than Java 6 (major version < 50) to major version 52 with freshly computed StackMapTable attributes,
 * using the JDK's own ClassFile API (java.lang.classfile).
 *
 * Why: picocli ships Java 5 bytecode, and the JDK AOT cache (JEP 483/514) refuses "old" classes ("Skipping ...:
 * Old class has been linked"), so without this every CLI start loads and verifies ~175 picocli classes from the
 * jar with the slow type-inferencing verifier. After the rewrite they are archived, linked and verified at build
 * time like the rest of the CLI. Semantics are unchanged: the code is re-assembled instruction for instruction,
 * only the version number and the stack maps the new version requires are different.
 *
 * It also drops the jar's multi-release layer (picocli's only versioned entry is a Java 9 module-info, which a
 * class path ignores) and the Multi-Release manifest attribute: a multi-release jar on the class path costs every
 * start ~4 ms of versioned-entry lookups (measured with a hello-world beside the CLI's class path).
 *
 * Usage: java UpgradeClassVersion.java IN.jar OUT.jar   (IN and OUT may be the same file)
 * Exit 0 on success or when nothing needed rewriting; on any failure OUT is left untouched and it exits 1.
 */
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

public class UpgradeClassVersion {
  static final int TARGET_MAJOR = 52;

  public static void main(final String[] args) throws Exception {
    final Path in = Path.of(args[0]);
    final Path out = Path.of(args[1]);
    final Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".upgrade", ".jar");
    int upgraded = 0;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {in.toUri().toURL()}, null);
        JarFile jar = new JarFile(in.toFile());
        JarOutputStream target = new JarOutputStream(Files.newOutputStream(tmp))) {
      final ClassFile classFile =
          ClassFile.of(
              ClassFile.ClassHierarchyResolverOption.of(
                  ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader))),
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
      final Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        final JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith("META-INF/versions/")) {
          continue;
        }
        byte[] bytes;
        try (InputStream stream = jar.getInputStream(entry)) {
          bytes = stream.readAllBytes();
        }
        if (entry.getName().equals("META-INF/MANIFEST.MF")) {
          final java.util.jar.Manifest manifest = new java.util.jar.Manifest(new java.io.ByteArrayInputStream(bytes));
          manifest.getMainAttributes().remove(java.util.jar.Attributes.Name.MULTI_RELEASE);
          final ByteArrayOutputStream written = new ByteArrayOutputStream();
          manifest.write(written);
          bytes = written.toByteArray();
        }
        if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
          final ClassModel model = classFile.parse(bytes);
          if (model.majorVersion() < 50) {
            bytes =
                classFile.transformClass(
                    model,
                    ClassTransform.dropping(element -> element instanceof ClassFileVersion)
                        .andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL))
                        .andThen(ClassTransform.endHandler(builder -> builder.withVersion(TARGET_MAJOR, 0))));
            classFile.verify(bytes).forEach(error -> {
              throw new IllegalStateException(entry.getName() + ": " + error.getMessage());
            });
            upgraded++;
          }
        }
        final JarEntry copy = new JarEntry(entry.getName());
        copy.setTime(entry.getTime());
        target.putNextEntry(copy);
        target.write(bytes);
        target.closeEntry();
      }
    } catch (final Exception e) {
      Files.deleteIfExists(tmp);
      System.err.println("upgrade-class-version: left " + in + " unchanged: " + e);
      System.exit(1);
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    System.out.println("upgrade-class-version: " + upgraded + " classes of " + in.getFileName() + " now major " + TARGET_MAJOR);
  }
}
