/**
 * The thin blocking client of {@code personad} used by the CLI, the Native Messaging host and SDK
 * users: {@link dev.persona.schema.client.PersonaClient} over JDK Unix-domain channels (no Netty,
 * no LMDB), socket path rules in {@link dev.persona.schema.client.PersonaPaths}, secret references
 * in {@link dev.persona.schema.client.SecretRef}, and plain result records.
 *
 * <p>Priorities: correct error mapping and no secret in a String or message; then start-up cost,
 * since the CLI starts a fresh JVM per call (few classes, no lambdas or streams on the connect
 * path).
 */
package dev.persona.schema.client;
