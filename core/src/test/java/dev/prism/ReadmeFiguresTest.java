package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README quotes only current figures: every measured number in it (a decimal, a ratio such as
 * 1.62x, a duration such as 2 min 59 s) must appear in the "Current figures" table at the top of
 * docs/results.md, where each has its command, commit, date and CPU. Version numbers are not
 * figures.
 */
class ReadmeFiguresTest {

    private static final Pattern FIGURE = Pattern.compile("(?<![\\w.])\\d+\\.\\d+x?(?![\\w.])|\\d+ min \\d+ s");
    private static final Pattern VERSION = Pattern.compile("(DJL|PyTorch|Java|torchvision|libtorch|oneDNN|Spark|Scala|JavaCPP|jhdf|picocli) $");

    @Test
    void everyFigureInTheReadmeIsInTheCurrentTable() throws Exception {
        String readme = Files.readString(Path.of("README.md")).replaceAll("\\s+", " ");
        String results = Files.readString(Path.of("docs", "results.md"));
        int from = results.indexOf("## Current figures");
        int to = results.length();
        assertThat(from).as("docs/results.md has its current-figures table").isGreaterThanOrEqualTo(0);
        String table = results.substring(from, to);
        List<String> missing = new ArrayList<>();
        Matcher m = FIGURE.matcher(readme);
        int found = 0;
        while (m.find()) {
            String before = readme.substring(Math.max(0, m.start() - 12), m.start());
            if (VERSION.matcher(before).find()) {
                continue;
            }
            found++;
            if (!table.contains(m.group())) {
                missing.add(m.group() + " (\"..." + readme.substring(Math.max(0, m.start() - 40), m.end()).replace('\n', ' ') + "\")");
            }
        }
        assertThat(found).as("figures quoted by the README").isGreaterThan(10);
        assertThat(missing).as("README figures that are not in docs/results.md's current table").isEmpty();
    }
}
