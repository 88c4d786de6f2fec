/**
 * The Persona RPC wire protocol: frame layout ({@link dev.persona.schema.RpcFrameDescriptor}), the
 * bounds-checking {@link dev.persona.schema.MessageVerifier}, and the daemon-side decode/encode
 * helpers {@link dev.persona.schema.RequestReader} and {@link dev.persona.schema.ResponseWriter}.
 * Generated tables live in {@code dev.persona.schema.fb}.
 *
 * <p>Priorities: never let a hostile buffer crash, hang or out-of-bounds-read the daemon; then zero
 * allocation on the critical paths; then readability. Critical paths: verify + decode a ReadRefs or
 * SshSign request into reused tables; encode its reply into the reused builder.
 */
package dev.persona.schema;
