/**
 * The browser's Native Messaging host: framed JSON requests from an add-on on stdin, one framed
 * JSON reply each on stdout, answered through the same thin client as the CLI ({@code
 * dev.persona.schema.client}). The browser never shapes the daemon's API: four request types map
 * onto RPCs that already exist.
 *
 * <p>Priorities: never let a byte that is not a reply frame reach stdout (it is the protocol
 * channel); every input, however malformed, gets an error value, never an escaped exception; a
 * secret lives in the host only while its one reply is written, then every array that held it is
 * zeroed. Start-up cost matters next, since a browser may start a host per message.
 *
 * <p>Single-threaded: {@link dev.persona.nmhost.NmHost} runs the whole loop on its main thread.
 */
package dev.persona.nmhost;
