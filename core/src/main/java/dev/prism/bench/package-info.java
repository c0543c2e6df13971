/**
 * Benchmarks: training throughput, inference latency and throughput, and the whole job, with peak
 * memory ({@link dev.prism.bench.Bench}).
 */
package dev.prism.bench;
