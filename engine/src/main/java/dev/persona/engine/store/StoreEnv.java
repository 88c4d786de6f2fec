package dev.persona.engine.store;

import dev.persona.engine.PersonaException;
import dev.persona.engine.StorageFullException;
import dev.persona.engine.StoreCorruptedException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Function;
import org.agrona.DirectBuffer;
import org.lmdbjava.CopyFlags;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.DirectBufferProxy;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;

/**
 * Owns the LMDB environment of one workspace: opens it safely, serializes writers, grows the map
 * when it is full, and turns LMDB failures into {@link PersonaException}s that name the file.
 *
 * <p>Thread-safe. Writes run one at a time under a mutex; reads run concurrently (MDB_NOTLS). The
 * map lock is held for reading by every reader and writer while it touches the map, and for writing
 * only to resize the map or to lock (zero) keys. It is a <em>fair</em> read-write lock: with a
 * {@code StampedLock} a reader looping on the hot path re-entered ahead of a waiting writer forever
 * and starved lock() (seen in ConcurrencyTest on a loaded machine).
 */
public final class StoreEnv implements AutoCloseable {
  public static final String DATA_FILE = "data.mdb";
  public static final String LOCK_FILE = "lock.mdb";
  private static final int MODE_0600 = 0600;
  private static final int ENOSPC = 28;
  private static final int EDQUOT = 122;
  private static final int EIO = 5;

  private final Path dir;
  private final Path dataFile;
  private final Env<DirectBuffer> env;
  private final EnumMap<Db, Dbi<DirectBuffer>> dbis = new EnumMap<>(Db.class);
  private final ReentrantLock writer = new ReentrantLock();
  private final StampedLock mapLock = new StampedLock();

  /** Exclusive holders waiting; readers stay out while it is non-zero (writer preference). */
  private final AtomicInteger exclusiveWaiting = new AtomicInteger();

  private final List<StoreReader> readers = new ArrayList<>();
  private volatile long mapSizeBytes;
  private volatile int mapGrowths;

  private StoreEnv(final Path dir, final long mapSizeBytes, final boolean readOnly) {
    this.dir = dir;
    this.dataFile = dir.resolve(DATA_FILE);
    this.mapSizeBytes = mapSizeBytes;
    final boolean existed = Files.exists(dataFile);
    if (existed) {
      StoreFiles.checkPrivate(dataFile, "rw-------");
      StoreFiles.checkPrivate(dir.resolve(LOCK_FILE), "rw-------");
      LmdbFileDescriptor.check(dataFile);
      final long fileSize = sizeOf(dataFile);
      if (fileSize > this.mapSizeBytes) {
        this.mapSizeBytes = Long.highestOneBit(fileSize) * 2;
      }
    }
    try {
      final EnvFlags[] flags =
          readOnly
              ? new EnvFlags[] {EnvFlags.MDB_NOTLS, EnvFlags.MDB_RDONLY_ENV}
              : new EnvFlags[] {EnvFlags.MDB_NOTLS};
      env =
          Env.create(DirectBufferProxy.PROXY_DB)
              .setMapSize(this.mapSizeBytes)
              .setMaxDbs(Db.values().length)
              .setMaxReaders(512)
              .open(dir.toFile(), MODE_0600, flags);
    } catch (final LmdbException e) {
      throw translate(e, "open");
    }
    try {
      // LMDB keeps the larger of the requested size and the one recorded in the file.
      this.mapSizeBytes = Math.max(this.mapSizeBytes, env.info().mapSize);
      env.readerCheck();
      for (final Db db : Db.values()) {
        dbis.put(
            db,
            readOnly ? env.openDbi(db.dbName()) : env.openDbi(db.dbName(), DbiFlags.MDB_CREATE));
      }
    } catch (final LmdbException e) {
      env.close();
      throw translate(e, "open");
    }
    if (!readOnly) {
      StoreFiles.makePrivate(dataFile);
      StoreFiles.makePrivate(dir.resolve(LOCK_FILE));
    }
  }

  /** Opens (creating when absent) the store in {@code dir}, which must be private to this user. */
  public static StoreEnv open(final Path dir, final long initialMapSizeBytes) {
    StoreFiles.ensurePrivateDirectory(dir);
    return new StoreEnv(dir, initialMapSizeBytes, false);
  }

  /** Opens an existing store read-only, e.g. to verify a backup. */
  public static StoreEnv openReadOnly(final Path dir) {
    if (!Files.exists(dir.resolve(DATA_FILE))) {
      throw new PersonaException(
          PersonaException.Category.NOT_FOUND,
          "file=" + dir.resolve(DATA_FILE) + " problem=missing");
    }
    return new StoreEnv(dir, 1L << 26, true);
  }

  public Path dataFile() {
    return dataFile;
  }

  public Path directory() {
    return dir;
  }

  public long mapSizeBytes() {
    return mapSizeBytes;
  }

  public int mapGrowths() {
    return mapGrowths;
  }

  Env<DirectBuffer> env() {
    return env;
  }

  Dbi<DirectBuffer> dbi(final Db db) {
    return dbis.get(db);
  }

  /**
   * Read stamp for the hot path; pair with {@link #releaseRead(long)}. Never call it while this
   * thread already holds one (an exclusive waiter would then wait for us while we wait for it).
   */
  public long acquireRead() {
    int spins = 0;
    while (exclusiveWaiting.get() != 0) {
      if (++spins < 100) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(20_000);
      }
    }
    return mapLock.readLock();
  }

  public void releaseRead(final long stamp) {
    mapLock.unlockRead(stamp);
  }

  /**
   * Exclusive stamp: no reader or writer is inside the map. Pair with {@link #releaseExclusive}.
   */
  public long acquireExclusive() {
    exclusiveWaiting.incrementAndGet();
    try {
      return mapLock.writeLock();
    } finally {
      exclusiveWaiting.decrementAndGet();
    }
  }

  public void releaseExclusive(final long stamp) {
    mapLock.unlockWrite(stamp);
  }

  /** A new reusable reader for one thread; closed with the store. */
  public StoreReader newReader() {
    synchronized (readers) {
      final StoreReader r;
      try {
        r = new StoreReader(this);
      } catch (final LmdbException e) {
        throw translate(e, "newReader readers=" + readers.size());
      }
      readers.add(r);
      return r;
    }
  }

  /** Closes a reader that is no longer pooled. Call with the read stamp held or none in use. */
  public void closeReader(final StoreReader r) {
    synchronized (readers) {
      if (readers.remove(r)) {
        r.close();
      }
    }
  }

  /** Runs {@code body} in a read transaction. */
  public <R> R read(final Function<StoreTxn, R> body) {
    final long stamp = acquireRead();
    try (Txn<DirectBuffer> txn = env.txnRead()) {
      return body.apply(new StoreTxn(this, txn));
    } catch (final LmdbException e) {
      throw translate(e, "read");
    } finally {
      releaseRead(stamp);
    }
  }

  /**
   * Runs {@code body} in a write transaction and commits it durably. If the map is full the
   * transaction is rolled back, the map doubled, and {@code body} run again, so it must not have
   * side effects outside the transaction.
   */
  public <R> R write(final Function<StoreTxn, R> body) {
    writer.lock();
    try {
      while (true) {
        boolean full = false;
        final long stamp = acquireRead();
        try (Txn<DirectBuffer> txn = env.txnWrite()) {
          final R result = body.apply(new StoreTxn(this, txn));
          txn.commit();
          return result;
        } catch (final Env.MapFullException e) {
          full = true;
        } catch (final LmdbException e) {
          throw translate(e, "commit");
        } finally {
          releaseRead(stamp);
        }
        if (full) {
          grow();
        }
      }
    } finally {
      writer.unlock();
    }
  }

  private void grow() {
    final long stamp = acquireExclusive();
    try {
      final long next = mapSizeBytes * 2;
      env.setMapSize(next);
      mapSizeBytes = next;
      mapGrowths++;
    } catch (final LmdbException e) {
      throw translate(e, "grow");
    } finally {
      releaseExclusive(stamp);
    }
  }

  /** Writes a compacted, consistent copy into the empty directory {@code target}. */
  public void copyTo(final Path target) {
    final long stamp = acquireRead();
    try {
      env.copy(target.toFile(), CopyFlags.MDB_CP_COMPACT);
    } catch (final LmdbException e) {
      throw translate(e, "copy target=" + target);
    } finally {
      releaseRead(stamp);
    }
    StoreFiles.makePrivate(target.resolve(DATA_FILE));
  }

  /** Maps an LMDB failure to a category with a message naming the file. */
  public PersonaException translate(final LmdbException e, final String op) {
    if (e instanceof LmdbNativeException n) {
      final int rc = n.getResultCode();
      if (rc == ENOSPC || rc == EDQUOT) {
        return new StorageFullException(
            "file=" + dataFile + " op=" + op + " problem=no space left on device rc=" + rc, e);
      }
      // LMDB reports a short write (what a full disk gives pwrite) as EIO; tell them apart by
      // asking the file system how much room is left.
      final long usable = usableBytes();
      if (rc == EIO && usable >= 0 && usable < FULL_DISK_THRESHOLD_BYTES) {
        return new StorageFullException(
            "file="
                + dataFile
                + " op="
                + op
                + " problem=no space left on device (short write) usableBytes="
                + usable,
            e);
      }
      if (e instanceof Env.FileInvalidException
          || e instanceof Env.VersionMismatchException
          || e instanceof LmdbNativeException.PageCorruptedException
          || e instanceof LmdbNativeException.PageNotFoundException
          || e instanceof LmdbNativeException.PanicException
          || e instanceof org.lmdbjava.Dbi.IncompatibleException
          || rc == EIO) {
        return new StoreCorruptedException(
            "file=" + dataFile + " op=" + op + " problem=" + e.getMessage() + " rc=" + rc, e);
      }
      return new PersonaException(
          PersonaException.Category.INTERNAL,
          "file=" + dataFile + " op=" + op + " problem=" + e.getMessage() + " rc=" + rc,
          e);
    }
    return new PersonaException(
        PersonaException.Category.INTERNAL,
        "file=" + dataFile + " op=" + op + " problem=" + e.getMessage(),
        e);
  }

  private static final long FULL_DISK_THRESHOLD_BYTES = 1L << 20;

  private long usableBytes() {
    try {
      return Files.getFileStore(dataFile).getUsableSpace();
    } catch (final IOException e) {
      return -1;
    }
  }

  private static long sizeOf(final Path p) {
    try {
      return Files.size(p);
    } catch (final IOException e) {
      return 0;
    }
  }

  public boolean isClosed() {
    return env.isClosed();
  }

  @Override
  public void close() {
    final long stamp = acquireExclusive();
    try {
      synchronized (readers) {
        for (final StoreReader r : readers) {
          r.close();
        }
        readers.clear();
      }
      if (!env.isClosed()) {
        env.close();
      }
    } finally {
      releaseExclusive(stamp);
    }
  }

  static File file(final Path p) {
    return p.toFile();
  }
}
