package dev.prism.spark;

import dev.prism.data.hsi.RowBlocks;
import dev.prism.jobs.MapJob;
import dev.prism.train.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A map's tiles as Spark tasks: one task a tile, one network per executor (loaded on its first
 * tile and kept for the rest), tiles written into the map files by the executors, nothing but
 * class counts returned to the driver. A lost task (a worker gone) is run again elsewhere and
 * writes the same rows again.
 */
record SparkMaps(String master) implements MapJob.Backend {

    @Override
    public String describe() {
        return Contexts.describe(master);
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public MapJob.Counts map(MapJob.Plan plan, RowBlocks cube, Progress bar, PrintStream log) {
        List<MapJob.Tile> tiles = plan.tiles();
        try (JavaSparkContext sc = Contexts.start("prism map " + plan.sceneName(), master)) {
            AtomicLong done = new AtomicLong();
            long pixels = (long) plan.rows() * plan.cols();
            long perTile = (long) plan.tile().rows() * plan.tile().cols();
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (end.taskInfo().successful()) {
                        bar.update(Math.min(pixels, done.incrementAndGet() * perTile), "");
                    }
                }
            });
            return sc.parallelize(tiles, tiles.size()).map(t -> Executor.map(plan, t)).reduce(MapJob.Counts::plus);
        } finally {
            Executor.release(plan); // in local mode the executor is this process
        }
    }

    /** The executor side: one tile mapper per plan in each executor process. */
    static final class Executor {
        private static final Map<MapJob.Plan, MapJob.TileMapper> MAPPERS = new HashMap<>();

        private Executor() {}

        static synchronized MapJob.Counts map(MapJob.Plan plan, MapJob.Tile tile) throws IOException {
            // the executor's log says which rows it took and wrote: a tile lost with its executor shows as started, not written
            note(tile, "started");
            MapJob.TileMapper m = MAPPERS.get(plan);
            if (m == null) {
                Contexts.executorThreads();
                m = MapJob.TileMapper.opening(plan, dev.prism.engine.EngineCheck.check(), System.out);
                MAPPERS.put(plan, m);
            }
            MapJob.Counts c = m.map(tile);
            note(tile, "written");
            return c;
        }

        /** One line in an executor's log (not in local mode, where the executor is the command's own process). */
        private static void note(MapJob.Tile tile, String what) {
            org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
            if (env != null && !"driver".equals(env.executorId())) {
                System.out.printf("prism: tile of rows %d-%d, columns %d-%d %s%n", tile.first(), tile.first() + tile.count() - 1,
                        tile.firstCol(), tile.firstCol() + tile.colCount() - 1, what);
            }
        }

        static synchronized void release(MapJob.Plan plan) {
            MapJob.TileMapper m = MAPPERS.remove(plan);
            if (m != null) {
                try {
                    m.close();
                } catch (IOException e) {
                    // the map is written; a cube that fails to close leaves nothing behind to repair
                }
            }
        }
    }
}
