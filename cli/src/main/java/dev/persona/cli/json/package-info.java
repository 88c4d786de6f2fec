/**
 * A small RFC 8259 reader and writer whose strings stay wipeable {@code char[]} ({@link
 * dev.persona.cli.json.JsonText}).
 */
package dev.persona.cli.json;
