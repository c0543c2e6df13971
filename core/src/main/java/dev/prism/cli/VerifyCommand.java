package dev.prism.cli;

import dev.prism.parity.GoldenFixture;
import dev.prism.parity.ParityCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Prove a network identical to its PyTorch reference: fill every tensor of the model by the fixture's rule under its",
            "PyTorch name, then compare eval output, train output and loss (relative error <= 1e-3) and every gradient L2 norm",
            "(<= 1e-2). One line per fixture; exit code 1 if any fails.",
            "Example: prism verify ../shared/fixtures/golden/*.json"})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FIXTURE.json", description = "Golden fixture files.")
    List<Path> fixtures;

    @Override
    public Integer call() throws Exception {
        int failed = 0;
        dev.prism.nn.InputLayout layout = dev.prism.engine.EngineCheck.check().layout();
        for (Path f : fixtures) {
            try {
                ParityCheck.Result r = ParityCheck.run(GoldenFixture.read(f), layout);
                System.out.println(r.line() + (r.passed() ? "" : "  [" + f + "]"));
                failed += r.passed() ? 0 : 1;
            } catch (Exception e) {
                // one unreadable or unknown fixture does not hide the verdict on the others
                String why = Failures.oneLine(e);
                System.out.println("FAIL " + (why.startsWith(f.toString()) ? why : f + ": " + why));
                failed++;
            }
        }
        System.out.printf("%d passed, %d failed%n", fixtures.size() - failed, failed);
        return failed == 0 ? 0 : 1;
    }
}
