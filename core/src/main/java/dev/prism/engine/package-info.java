/**
 * The engine self-check: probes of every kernel pattern Prism uses, run in child JVMs against plain-Java
 * references, and the configuration (memory layout, native operators, bf16) chosen from them per machine
 * ({@link dev.prism.engine.EngineCheck}, {@link dev.prism.engine.EngineDecision}); {@code EngineCheck.check()}
 * is the first step of every entry point that computes with a network, and its result is passed on.
 */
package dev.prism.engine;
