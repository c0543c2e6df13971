package dev.prism.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU this process runs on, as far as it decides which kernels libtorch's oneDNN picks: vendor,
 * family, model, stepping, name, instruction-set flags, and whether the machine reports its cache
 * sizes (oneDNN sizes its blocking from them; a VM that reports none has been seen to make it
 * compute wrongly or divide by zero).
 *
 * @param vendor for example {@code GenuineIntel} or {@code AuthenticAMD}
 * @param family CPU family number
 * @param model model number
 * @param stepping stepping
 * @param name marketing name
 * @param flags instruction-set flags, sorted, space-separated
 * @param cachesReported whether {@code /sys/devices/system/cpu/cpu0/cache} exists
 * @param cores logical processors available to the JVM
 */
public record CpuInfo(String vendor, String family, String model, String stepping, String name, String flags,
        boolean cachesReported, int cores) {

    /** This machine's CPU; on a system without {@code /proc/cpuinfo}, what the JVM knows. */
    public static CpuInfo current() {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.isBlank() && !fields.isEmpty()) {
                    break; // the first processor describes them all
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            fields.put("vendor_id", System.getProperty("os.arch"));
        }
        String[] flags = fields.getOrDefault("flags", "").split("\\s+");
        Arrays.sort(flags);
        return new CpuInfo(fields.getOrDefault("vendor_id", "unknown"), fields.getOrDefault("cpu family", "?"),
                fields.getOrDefault("model", "?"), fields.getOrDefault("stepping", "?"),
                fields.getOrDefault("model name", System.getProperty("os.arch")), String.join(" ", flags).trim(),
                Files.isDirectory(Path.of("/sys/devices/system/cpu/cpu0/cache")),
                Runtime.getRuntime().availableProcessors());
    }

    /** Whether the CPU lists the instruction-set flag (for example {@code avx512_bf16}, {@code amx_tile}). */
    public boolean has(String flag) {
        return (" " + flags + " ").contains(" " + flag + " ");
    }

    /** One line: vendor, family/model, name, the widest vector and matrix extensions, caches. */
    public String describe() {
        List<String> isa = new java.util.ArrayList<>();
        for (String f : List.of("avx2", "avx512f", "avx512_bf16", "amx_bf16")) {
            if (has(f)) {
                isa.add(f);
            }
        }
        return String.format(Locale.ROOT, "%s family %s model %s (%s), %d cores, %s, %s", vendor, family, model, name,
                cores, isa.isEmpty() ? "no AVX2" : String.join("/", isa),
                cachesReported ? "cache sizes reported" : "no cache sizes reported");
    }
}
