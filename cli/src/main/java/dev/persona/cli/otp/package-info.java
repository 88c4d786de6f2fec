/**
 * RFC 6238 TOTP codes and RFC 4648 base32, for {@code persona totp} when the daemon cannot compute
 * the code.
 */
package dev.persona.cli.otp;
