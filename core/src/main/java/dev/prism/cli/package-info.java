/**
 * The {@code prism} command line (picocli): thin commands that parse options, add option names to
 * messages and call the jobs; {@link dev.prism.cli.Main} turns any exception into one line.
 */
package dev.prism.cli;
