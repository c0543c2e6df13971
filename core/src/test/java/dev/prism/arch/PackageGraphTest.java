package dev.prism.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Prism's rooms depend on each other one way only: the graph of its main packages (a reference is
 * an import or a qualified name, {@code dev.prism.x.Y}) has no cycle, and no package uses one that
 * the layer order puts above it.
 */
class PackageGraphTest {

    /** Lower first: a package may use those before it, never those after. The root package (SettingException) is below all. */
    static final List<String> LAYERS = List.of("", "io", "metrics", "nn", "engine", "models", "parity", "cost", "train", "onnx",
            "data", "data.hsi", "data.image", "baselines", "report", "jobs", "bench", "serve", "cli");

    static final Pattern REFERENCE = Pattern.compile("\\bdev\\.prism\\.((?:[a-z][a-z0-9]*\\.)*)[A-Z]");

    static Map<String, Set<String>> graph(Path root) throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String from = root.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> to = out.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(code(Files.readString(f)));
                while (m.find()) {
                    String pkg = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
                    if (!pkg.equals(from)) {
                        to.add(pkg);
                    }
                }
            }
        }
        return out;
    }

    /** The source without comments and string literals (a Javadoc link is not a dependency). */
    static String code(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "").replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    @Test
    void noPackageUsesOneAboveIt() throws IOException {
        Map<String, Set<String>> g = graph(Path.of("core/src/main/java/dev/prism"));
        assertThat(LAYERS).as("every package has its place in the layer order").containsAll(g.keySet());
        List<String> upward = new ArrayList<>();
        g.forEach((from, tos) -> tos.stream().filter(to -> LAYERS.indexOf(to) > LAYERS.indexOf(from))
                .forEach(to -> upward.add(from + " -> " + to)));
        assertThat(upward).as("references running upward").isEmpty();
    }

    @Test
    void theCheckSeesAnUpwardReference() throws IOException {
        Path root = Files.createTempDirectory("prism-graph");
        Files.createDirectories(root.resolve("nn"));
        Files.writeString(root.resolve("nn/Bad.java"), "package dev.prism.nn;\n/** {@link dev.prism.cli.Main} */\n"
                + "class Bad { dev.prism.jobs.HsiJob j; String s = \"dev.prism.bench.Bench\"; }\n");
        assertThat(graph(root)).containsEntry("nn", Set.of("jobs"));
    }
}
