package dev.persona.server.ssh;

import dev.persona.engine.ssh.SshPublicKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names host keys from OpenSSH {@code known_hosts} files, so key policies can say {@code
 * github.com} or {@code *.corp.example} and still be checked against the host key that {@code
 * session-bind} proved. Re-reads a file when its modification time changes.
 *
 * <p>Thread-safe: lookups read an immutable snapshot; a reload replaces it.
 */
public final class KnownHosts {
  private final List<Path> files;
  private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());

  private record Snapshot(Map<String, Destination> byFingerprint, List<Long> mtimes) {}

  public KnownHosts(final List<Path> files) {
    this.files = List.copyOf(files);
  }

  /**
   * The files OpenSSH itself reads: {@code PERSONA_KNOWN_HOSTS} (colon-separated) when set, else
   * {@code ~/.ssh/known_hosts} and {@code /etc/ssh/ssh_known_hosts}.
   */
  public static KnownHosts fromEnvironment() {
    final String configured = System.getenv("PERSONA_KNOWN_HOSTS");
    final List<Path> files = new ArrayList<>();
    if (configured != null && !configured.isEmpty()) {
      for (final String path : configured.split(":")) {
        files.add(Path.of(path));
      }
    } else {
      files.add(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
      files.add(Path.of("/etc/ssh/ssh_known_hosts"));
    }
    return new KnownHosts(files);
  }

  /** The destination for a bound host key: its fingerprint and every name it is known by. */
  public Destination lookup(final byte[] hostKeyBlob) {
    final String fingerprint = SshPublicKeys.fingerprintSha256(hostKeyBlob);
    final Destination known = current().byFingerprint().get(fingerprint);
    return known != null ? known : Destination.ofKey(fingerprint);
  }

  private Snapshot current() {
    final Snapshot seen = snapshot;
    final List<Long> mtimes = mtimes();
    if (mtimes.equals(seen.mtimes())) {
      return seen;
    }
    final Snapshot fresh = new Snapshot(parse(), mtimes);
    snapshot = fresh;
    return fresh;
  }

  private List<Long> mtimes() {
    final List<Long> mtimes = new ArrayList<>(files.size());
    for (final Path file : files) {
      try {
        mtimes.add(Files.getLastModifiedTime(file).toMillis());
      } catch (final IOException ex) {
        mtimes.add(-1L);
      }
    }
    return mtimes;
  }

  private Map<String, Destination> parse() {
    final Map<String, List<String>> names = new HashMap<>();
    final Map<String, List<Destination.HashedName>> hashed = new HashMap<>();
    for (final Path file : files) {
      final List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (final IOException ex) {
        continue; // absent or unreadable: OpenSSH skips it too
      }
      for (final String raw : lines) {
        final String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("@")) {
          continue; // @cert-authority and @revoked lines name no single host key
        }
        final String[] parts = line.split("\\s+");
        if (parts.length < 3) {
          continue;
        }
        final byte[] blob;
        try {
          blob = Base64.getDecoder().decode(parts[2]);
        } catch (final IllegalArgumentException ex) {
          continue;
        }
        final String fingerprint = SshPublicKeys.fingerprintSha256(blob);
        for (final String host : parts[0].split(",")) {
          if (host.startsWith("|1|")) {
            final String[] fields = host.split("\\|");
            if (fields.length == 4) {
              try {
                hashed
                    .computeIfAbsent(fingerprint, k -> new ArrayList<>())
                    .add(
                        new Destination.HashedName(
                            Base64.getDecoder().decode(fields[2]),
                            Base64.getDecoder().decode(fields[3])));
              } catch (final IllegalArgumentException ignored) {
                // a corrupt hashed entry matches nothing
              }
            }
          } else if (!host.startsWith("!")) {
            names.computeIfAbsent(fingerprint, k -> new ArrayList<>()).add(host);
          }
        }
      }
    }
    final Map<String, Destination> byFingerprint = new HashMap<>();
    for (final String fingerprint : union(names.keySet(), hashed.keySet())) {
      byFingerprint.put(
          fingerprint,
          new Destination(
              fingerprint,
              List.copyOf(names.getOrDefault(fingerprint, List.of())),
              List.copyOf(hashed.getOrDefault(fingerprint, List.of()))));
    }
    return Map.copyOf(byFingerprint);
  }

  private static List<String> union(final java.util.Set<String> a, final java.util.Set<String> b) {
    final java.util.Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
