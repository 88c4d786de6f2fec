/**
 * Human and JSON rendering: tables (aligned on a terminal, TSV otherwise), item views, "did you
 * mean".
 */
package dev.persona.cli.output;
