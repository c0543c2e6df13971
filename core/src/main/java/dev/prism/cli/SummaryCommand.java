package dev.prism.cli;

import com.google.gson.GsonBuilder;
import dev.prism.cost.ModelSummary;
import dev.prism.cost.Sweeps;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {
            "Per-layer output shape, parameters and multiply-adds (convolutions and FC layers, the MobileNet papers' convention), then totals.",
            "Example: prism summary mobilenet-v1 --alpha 0.5 --input 160 --classes 1000",
            "         prism summary mobilenet-v1 --sweep alpha --classes 1000   (Table 6 of the paper, without accuracy)"})
final class SummaryCommand implements Runnable {

    @Parameters(index = "0", description = "Model name (see `prism models`).")
    String model;

    @Mixin
    ModelOptionsMixin options;

    @Option(names = "--sweep", description = "Trade-off table instead of layers: alpha (Table 6) or resolution (Table 7).")
    String sweep;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public void run() {
        ModelSpec spec = ModelRegistry.available().get(model);
        var gson = dev.prism.io.StrictJson.PRETTY;
        if (sweep != null) {
            Sweeps.Table table = Sweeps.run(spec, options.toOptions(), Sweeps.Axis.parse(sweep));
            System.out.println(json ? gson.toJson(table) : table.text());
            return;
        }
        ModelSummary.Summary s = ModelSummary.of(spec, options.toOptions());
        System.out.println(json ? gson.toJson(s) : s.table());
    }
}
