/**
 * The local web viewer ({@code prism serve}): runs, maps and studies read from their folders and
 * shown in a browser page served from the jar; read only, loopback unless told otherwise.
 */
package dev.prism.serve;
