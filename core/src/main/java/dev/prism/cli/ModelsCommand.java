package dev.prism.cli;

import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import picocli.CommandLine.Command;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List every model in the zoo with its input contract.")
final class ModelsCommand implements Runnable {

    @Override
    public void run() {
        for (ModelSpec s : ModelRegistry.available().all()) {
            String input = s.task() == ModelSpec.Task.IMAGE
                    ? "3 x " + s.defaultInputSize() + " x " + s.defaultInputSize() + " (min " + s.minInputSize() + ")"
                    : "1 x bands x window x window";
            System.out.printf("%-20s %-5s %-32s %s%n", s.name(), s.task(), input, s.description());
            System.out.printf("%-20s       input: %s; paper: %s%n", "", s.normalisation(), s.paper());
        }
    }
}
