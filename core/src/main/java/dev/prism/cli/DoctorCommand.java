package dev.prism.cli;

import dev.prism.engine.CheckReport;
import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import dev.prism.engine.ProbeResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {
            "Check the engine on this machine: every operator pattern Prism relies on (1x1, 3x3, depthwise and grouped",
            "2-D convolutions from 1x1 maps up, 3-D convolutions, BatchNorm, squeeze-excite, linear layers, bf16, Prism's",
            "native operators), forward and backward, in both memory formats, against references computed in plain Java,",
            "each in a child JVM so that a crashing kernel cannot take Prism down. Prints the table and the configuration",
            "every command then uses (the faster of the formats that are right). The result is cached per machine; every",
            "command runs the check itself the first time, so this is for looking, not a step you must take.",
            "Exit code 1 when no memory format computes correctly here.",
            "Examples: prism doctor          prism doctor --fresh --json"})
final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the report and the selected configuration as JSON.")
    boolean json;

    @Option(names = "--fresh", description = "Probe again instead of reading the cached result (it is then replaced).")
    boolean fresh;

    @Option(names = "--failures", description = "List only the probes that did not pass.")
    boolean failuresOnly;

    @Override
    public Integer call() {
        CheckReport r = EngineCheck.cachedOrRun(fresh);
        EngineConfig c = EngineCheck.decide(r);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("report", r);
            if (failuresOnly) {
                out.put("failures", r.failures());
            }
            out.put("selected", c);
            out.put("usable", c.usable());
            System.out.println(dev.prism.io.StrictJson.builder().setPrettyPrinting()
                    .create().toJson(out));
            return c.usable() ? 0 : 1;
        }
        System.out.println("CPU:      " + r.cpu().describe());
        System.out.println("Software: " + new TreeMap<>(r.software()));
        System.out.printf(Locale.ROOT, "Checked:  %s in %.1f s (%d probes, %d not passed)%n", r.checkedAt(), r.seconds(),
                r.probes().size(), r.failures().size());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-44s %-13s %-5s %8s  %s%n", "probe", "layout", "prec.", "error", "verdict");
        for (ProbeResult p : failuresOnly ? r.failures() : r.probes()) {
            System.out.println(p.row());
        }
        System.out.println();
        System.out.println("Speed workloads (ms per training pass, median of 5): " + new TreeMap<>(r.speedMillis()));
        r.notes().forEach(n -> System.out.println("Child JVM: " + n));
        System.out.println("Selected: " + c.describe());
        System.out.println("Safe layouts: " + String.join(" | ", c.safeLayouts().stream().map(l -> l.describe()).toList()));
        if (!c.usable()) {
            System.out.println("No memory format computes correctly on this machine: Prism's networks cannot be trusted here.");
        }
        return c.usable() ? 0 : 1;
    }
}
