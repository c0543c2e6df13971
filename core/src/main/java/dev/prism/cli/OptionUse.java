package dev.prism.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Which options the user typed (as opposed to defaults), so that none is silently ignored. */
final class OptionUse {

    private final Set<String> given;

    OptionUse(CommandSpec spec) {
        given = spec.commandLine().getParseResult().matchedOptions().stream().map(OptionSpec::longestName)
                .collect(Collectors.toSet());
    }

    boolean has(String option) {
        return given.contains(option);
    }

    Set<String> names() {
        return given;
    }

    /** Refuses the {@code options} that were given, as not applying in {@code context}. */
    void refuse(String context, String... options) {
        List<String> wrong = new ArrayList<>();
        for (String o : options) {
            if (given.contains(o)) {
                wrong.add(o);
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException(String.join(" and ", wrong) + (wrong.size() == 1 ? " does" : " do")
                    + " not apply with " + context + ": remove " + (wrong.size() == 1 ? "it" : "them"));
        }
    }
}
