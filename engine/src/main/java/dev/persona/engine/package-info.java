/**
 * Persona's vault engine: the only code that touches LMDB or key material.
 *
 * <p>Priorities, in order: never lose an acknowledged write; never put a secret, a name or a URL on
 * disk in clear; answer lookups in microseconds; keep every other path simple.
 *
 * <p>Critical paths:
 *
 * <ul>
 *   <li><b>Lookup one field by item name</b> ({@link dev.persona.engine.Engine#readField}): one
 *       HMAC for the blind name index, one cursor seek on a pooled, reused MDB_NOTLS read
 *       transaction taken from a pool (renew/reset, no reader-slot churn), one get, one AES-GCM
 *       unwrap of the item key, one AES-GCM decrypt of the record, one in-place field scan; errors
 *       are negative status values, never exceptions. Cost is independent of vault size.
 *   <li><b>Durable write</b> (create/update/trash/purge): one write transaction, serialized by the
 *       store's writer mutex, holding the record, its index entries, the history copy and the
 *       outbox op, committed with fsync before the call returns.
 *   <li><b>Unlock</b>: Argon2id once (BouncyCastle), then unwrap the workspace key and each vault
 *       key; never per request.
 * </ul>
 *
 * <p>Key hierarchy: password → Argon2id → unlock key → workspace key → vault key → item key; the
 * vault key also derives the blind-index and attachment keys. Layouts: {@link
 * dev.persona.engine.crypto.RecordDescriptor}, {@link
 * dev.persona.engine.vault.ItemRecordDescriptor}, {@link dev.persona.engine.vault.ItemCodec},
 * {@link dev.persona.engine.vault.WorkspaceHeader}, {@link dev.persona.engine.store.KeyLayout},
 * {@link dev.persona.engine.store.LmdbFileDescriptor}.
 */
package dev.persona.engine;
