/** The CLI's item model before it goes to the daemon, and the {@code --from-json} input schema. */
package dev.persona.cli.item;
