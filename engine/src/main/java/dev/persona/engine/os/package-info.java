/**
 * Calls into the operating system that the JDK does not offer, through FFM: locking key pages in
 * RAM and keeping the process out of core dumps and debuggers. One class, {@link
 * dev.persona.engine.os.Libc}; nothing else in Persona declares a native call.
 */
package dev.persona.engine.os;
