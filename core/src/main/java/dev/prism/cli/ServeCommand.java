package dev.prism.cli;

import dev.prism.serve.Viewer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prism serve}: the local web viewer. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Open a local web viewer over folders of runs, maps and studies: the runs table (sort, filter), each run's",
            "metrics, per-class table, confusion matrix, curves (live while it trains) and classification map (zoom, pan,",
            "hover a pixel for its class, truth, confidence and spectrum; errors overlay; two maps side by side), and",
            "studies with their paired comparisons and box plots. Read only; runs until Ctrl-C.",
            "",
            "It listens on the loopback address unless --host says otherwise; on any other address every request must",
            "carry the token it prints (open the address it prints once; the browser keeps it).",
            "",
            "Examples:",
            "  prism serve                                   (the runs of ./prism, at http://127.0.0.1:8080/)",
            "  prism serve --runs runs --runs /work/studies --port 8090"})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--runs", paramLabel = "DIR", description = "A folder of runs, maps or studies, searched six levels deep"
            + " (repeat for several). Default: runs.")
    List<Path> runs;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on; another than loopback requires the printed token. Default: ${DEFAULT-VALUE}.")
    String host;

    @Override
    public Integer call() throws Exception {
        List<Path> folders = runs == null ? List.of(Path.of("runs")) : runs;
        Viewer viewer = Viewer.start(Viewer.Config.of(folders, host, port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            viewer.close();
            stopped.countDown();
        }));
        String where = host.contains(":") ? "[" + host + "]" : host;
        System.out.println("Prism viewer of " + folders + " at http://" + where + ":" + viewer.port() + "/"
                + (viewer.token() == null ? "" : "?token=" + viewer.token()) + "  (Ctrl-C stops it)");
        stopped.await();
        return 0;
    }
}
