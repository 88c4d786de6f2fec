/**
 * Secret references in templates ({@code inject}) and masking of resolved values in child output
 * ({@code run}).
 */
package dev.persona.cli.ref;
