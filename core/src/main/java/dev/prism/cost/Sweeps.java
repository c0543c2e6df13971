package dev.prism.cost;

import dev.prism.SettingException;

import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MobileNetV1's trade-off tables (Howard et al. 2017): Table 6 (width multiplier at 224) and
 * Table 7 (resolution at the chosen width), without the accuracy column.
 */
public final class Sweeps {

    /** What a sweep varies: the width multiplier alpha (the paper's Table 6) or the input resolution (Table 7). */
    public enum Axis {
        ALPHA,
        RESOLUTION;

        /** The axis named {@code s} ({@code alpha} or {@code resolution}, any case); a {@link SettingException} otherwise. */
        public static Axis parse(String s) {
            for (Axis a : values()) {
                if (a.name().equalsIgnoreCase(s)) {
                    return a;
                }
            }
            throw new SettingException("sweep", " must be 'alpha' or 'resolution', got '" + s + "'");
        }
    }

    /** Table 6's widths. */
    public static final List<Double> ALPHAS = List.of(1.0, 0.75, 0.5, 0.25);

    /** Table 7's resolutions. */
    public static final List<Integer> RESOLUTIONS = List.of(224, 192, 160, 128);

    /** One network of a sweep: its alpha, input resolution, parameters and multiply-adds. */
    public record Row(double alpha, int resolution, long params, long macs) {}

    /** A sweep's rows for one model along one axis. */
    public record Table(String model, Axis axis, List<Row> rows) {
        /** The rows as aligned text, as the paper's tables print them. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%s, sweep over %s%n", model, axis.name().toLowerCase(Locale.ROOT)));
            sb.append(String.format(Locale.ROOT, "%-22s %16s %14s%n", "model", "mult-adds (M)", "params (M)"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "%-22s %16.0f %14.2f%n",
                        r.alpha() + " " + model + "-" + r.resolution(), r.macs() / 1e6, r.params() / 1e6));
            }
            return sb.toString();
        }
    }

    private Sweeps() {}

    /**
     * Counts parameters and multiply-adds of {@code spec} at each alpha or resolution of the paper's
     * table, the other options from {@code base}.
     */
    public static Table run(ModelSpec spec, ModelOptions base, Axis axis) {
        if (spec.task() != ModelSpec.Task.IMAGE) {
            throw new SettingException("sweep", " applies to image models; " + spec.name() + " takes hyperspectral patches");
        }
        List<Row> rows = new ArrayList<>();
        if (axis == Axis.ALPHA) {
            int res = base.inputSize() == 0 ? 224 : base.inputSize();
            for (double a : ALPHAS) {
                rows.add(row(spec, base.withAlpha(a).withInputSize(res)));
            }
        } else {
            for (int r : RESOLUTIONS) {
                rows.add(row(spec, base.withInputSize(r)));
            }
        }
        return new Table(spec.name(), axis, rows);
    }

    private static Row row(ModelSpec spec, ModelOptions o) {
        ModelSummary.Summary s = ModelSummary.of(spec, o);
        return new Row(o.alpha(), o.inputSize(), s.params(), s.macs());
    }
}
