package dev.prism.engine;

import java.util.List;
import java.util.Map;

/**
 * What one self-check found on one machine, as cached under the user's cache folder and printed by
 * {@code prism doctor}: the CPU, the software it was checked with, every probe's result and the
 * speed workloads' times.
 *
 * @param key the cache key (CPU, libtorch, Prism's probes, engine settings)
 * @param cpu the CPU
 * @param software libtorch and Prism versions and the engine settings the probes ran under
 * @param checkedAt when (ISO-8601)
 * @param seconds how long the check took
 * @param probes every probe's result
 * @param speedMillis median milliseconds per pass of each speed workload ({@code images/LAYOUT}, {@code volumes/LAYOUT})
 * @param notes how child JVMs died, one line each
 */
public record CheckReport(
        String key,
        CpuInfo cpu,
        Map<String, String> software,
        String checkedAt,
        double seconds,
        List<ProbeResult> probes,
        Map<String, Double> speedMillis,
        List<String> notes) {

    /** Copies the lists and maps, so that a report never changes after it is made. */
    public CheckReport {
        probes = List.copyOf(probes);
        speedMillis = Map.copyOf(speedMillis);
        notes = List.copyOf(notes);
        software = Map.copyOf(software);
    }

    /** Probes that did not pass. */
    public List<ProbeResult> failures() {
        return probes.stream().filter(p -> !p.passed()).toList();
    }
}
