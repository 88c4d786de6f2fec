/**
 * Password and passphrase generation with stated entropy; the EFF word list ships as a resource
 * here.
 */
package dev.persona.cli.generate;
