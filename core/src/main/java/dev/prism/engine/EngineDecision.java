package dev.prism.engine;

import dev.prism.nn.InputLayout;
import dev.prism.nn.MemoryFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * From probe results and timings to an {@link EngineConfig}: pure logic, unit tested with injected
 * results.
 *
 * <ul>
 *   <li>A memory format is safe for images when every fp32 image probe in it (and every
 *       layout-free one) passed; safe for volumes when, in addition, every 3-D probe in it passed
 *       and, for channels-last, the contiguous image probes too (a reshaped volume's 2-D part may
 *       land in either format).
 *   <li>Among safe formats channels-last is chosen unless contiguous ran the speed workload more
 *       than 10% faster ({@link #CONTIGUOUS_MARGIN}).
 *       A requested format ({@code -Dprism.memoryFormat}) is honoured only where it is safe.
 *   <li>Prism's native operators stay on only when every native probe passed; bfloat16 is allowed
 *       only with them and when every bf16 probe in the chosen layout passed.
 * </ul>
 */
public final class EngineDecision {

    /**
     * Contiguous is chosen over channels-last only when its speed workload is this much faster:
     * channels-last was measured faster for every network of the zoo on Intel machines
     * (docs/performance.md), and the workloads are proxies with a few percent of noise.
     */
    static final double CONTIGUOUS_MARGIN = 1.10;

    private EngineDecision() {}

    /**
     * @param probes every probe's result
     * @param speedMillis speed workload times by {@code images/LAYOUT} or {@code volumes/LAYOUT}
     * @param requested the format a user asked for, if any
     * @param nativeOpsLoaded whether the native operators were on when the probes ran
     * @param basis how the results were obtained, for the record
     */
    public static EngineConfig decide(List<ProbeResult> probes, Map<String, Double> speedMillis,
            Optional<MemoryFormat> requested, boolean nativeOpsLoaded, String basis) {
        List<String> fallbacks = new ArrayList<>();
        List<MemoryFormat> images = new ArrayList<>();
        for (MemoryFormat f : MemoryFormat.values()) {
            List<ProbeResult> bad = fp32Failures(probes, f, Probe.Kind.IMAGES);
            if (bad.isEmpty()) {
                images.add(f);
            } else {
                fallbacks.add(f.label() + " images are wrong on this CPU (" + cite(bad.get(0)) + ")");
            }
        }
        List<MemoryFormat> volumes = new ArrayList<>();
        for (MemoryFormat f : MemoryFormat.values()) {
            List<ProbeResult> bad = fp32Failures(probes, f, Probe.Kind.VOLUMES);
            if (!bad.isEmpty()) {
                fallbacks.add(f.label() + " volumes are wrong on this CPU (" + cite(bad.get(0)) + ")");
            } else if (!images.contains(f) || (f == MemoryFormat.CHANNELS_LAST && !images.contains(MemoryFormat.CONTIGUOUS))) {
                fallbacks.add(f.label() + " volumes are not used either (a volume network's 2-D part would run in it)");
            } else {
                volumes.add(f);
            }
        }
        List<InputLayout> safeLayouts = new ArrayList<>();
        for (MemoryFormat i : images) {
            for (MemoryFormat v : volumes) {
                safeLayouts.add(new InputLayout(i, v));
            }
        }
        if (safeLayouts.isEmpty()) {
            return new EngineConfig(InputLayout.CONTIGUOUS, safeLayouts, false, false, "no layout is right", fallbacks, basis);
        }
        InputLayout layout = new InputLayout(choose(images, speedMillis, "images", requested),
                choose(volumes, speedMillis, "volumes", requested));
        List<ProbeResult> nativeFailures = failures(probes, r -> r.kind() == Probe.Kind.NATIVE);
        boolean nativeOps = nativeOpsLoaded && nativeFailures.isEmpty();
        if (nativeOpsLoaded && !nativeOps) {
            fallbacks.add("Prism's native operators are wrong here (" + cite(nativeFailures.get(0))
                    + "): using DJL compositions");
        }
        String bf16Note = bf16Note(probes, layout, nativeOps);
        if (bf16Note != null && nativeOps && hasBf16Probes(probes)) {
            fallbacks.add(bf16Note);
        }
        return new EngineConfig(layout, safeLayouts, nativeOps, bf16Note == null, bf16Note, fallbacks, basis);
    }

    /** The fp32 probes of {@code kind} that failed in format {@code f} or with no layout at all. */
    private static List<ProbeResult> fp32Failures(List<ProbeResult> probes, MemoryFormat f, Probe.Kind kind) {
        return failures(probes, r -> r.kind() == kind && r.precision().equals("fp32")
                && (r.layout().equals(f.label()) || r.layout().equals("-")));
    }

    private static MemoryFormat choose(List<MemoryFormat> safe, Map<String, Double> speed, String what,
            Optional<MemoryFormat> requested) {
        if (requested.isPresent()) {
            if (!safe.contains(requested.get())) {
                throw new IllegalStateException("memory format " + requested.get().label() + " computes wrong " + what
                        + " on this CPU (prism doctor shows the probes); use " + safe.get(0).label());
            }
            return requested.get();
        }
        if (safe.size() == 1) {
            return safe.get(0);
        }
        Double cl = speed.get(what + "/" + MemoryFormat.CHANNELS_LAST.label());
        Double co = speed.get(what + "/" + MemoryFormat.CONTIGUOUS.label());
        return cl != null && co != null && co * CONTIGUOUS_MARGIN < cl ? MemoryFormat.CONTIGUOUS : MemoryFormat.CHANNELS_LAST;
    }

    private static String bf16Note(List<ProbeResult> probes, InputLayout layout, boolean nativeOps) {
        if (!nativeOps) {
            return "bfloat16 needs Prism's native operators, which are off";
        }
        if (!hasBf16Probes(probes)) {
            return "bfloat16 was not probed on this machine";
        }
        List<ProbeResult> bad = failures(probes, r -> r.precision().equals("bf16")
                && (r.layout().equals("-") || r.layout().equals(layout.images().label())
                        || r.layout().equals(layout.volumes().label())));
        return bad.isEmpty() ? null : "bfloat16 arithmetic is wrong on this CPU (" + cite(bad.get(0)) + "): use fp32";
    }

    private static boolean hasBf16Probes(List<ProbeResult> probes) {
        return probes.stream().anyMatch(r -> r.precision().equals("bf16"));
    }

    private static List<ProbeResult> failures(List<ProbeResult> probes, Predicate<ProbeResult> which) {
        return probes.stream().filter(which).filter(r -> !r.passed()).toList();
    }

    /** For example {@code conv2d 1x1 4x256x1x1->1024 channels-last fp32: CRASHED}. */
    static String cite(ProbeResult r) {
        String what = r.label() + (r.layout().equals("-") ? "" : " " + r.layout()) + " " + r.precision() + ": ";
        return what + (r.outcome() == ProbeResult.Outcome.WRONG
                ? String.format(Locale.ROOT, "error %.1e", r.error())
                : r.outcome().name().toLowerCase(Locale.ROOT));
    }
}
