/**
 * The engine self-check: probes of every kernel pattern Prism uses, run in child JVMs against plain-Java
 * references, and the configuration (memory layout, native operators, bf16) chosen from them per machine
 * ({@link dev.prism.engine.EngineCheck}, {@link dev.prism.engine.EngineDecision}); runs before the first
 * network of a process.
 */
package dev.prism.engine;
