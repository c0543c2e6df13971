package dev.prism.baselines;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Rows of features as Tribuo examples, and predictions back as class indices. */
final class TribuoData {

    private static final LabelFactory FACTORY = new LabelFactory();

    private TribuoData() {}

    static String[] names(int dims) {
        String[] n = new String[dims];
        for (int j = 0; j < dims; j++) {
            n[j] = String.format(Locale.ROOT, "b%04d", j);
        }
        return n;
    }

    static Example<Label> example(SpectralBaseline.Features x, int row, String label, String[] names) {
        double[] v = new double[x.dims()];
        for (int j = 0; j < v.length; j++) {
            v[j] = x.values()[row * x.dims() + j];
        }
        return new ArrayExample<>(new Label(label), names, v);
    }

    static MutableDataset<Label> dataset(SpectralBaseline.Features x, SpectralBaseline.Labelled set) {
        String[] names = names(x.dims());
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("training pixels", FACTORY), FACTORY);
        for (int i = 0; i < set.rows().length; i++) {
            d.add(example(x, set.rows()[i], Integer.toString(set.classes()[i]), names));
        }
        return d;
    }

    /** The predicted class of each of {@code rows}, in batches. */
    static int[] predict(Model<Label> m, SpectralBaseline.Features x, int[] rows) {
        String[] names = names(x.dims());
        int[] out = new int[rows.length];
        int batch = 4096;
        for (int start = 0; start < rows.length; start += batch) {
            List<Example<Label>> examples = new ArrayList<>();
            for (int i = start; i < Math.min(rows.length, start + batch); i++) {
                examples.add(example(x, rows[i], Label.UNKNOWN, names));
            }
            List<Prediction<Label>> p = m.predict(examples);
            for (int i = 0; i < p.size(); i++) {
                out[start + i] = Integer.parseInt(p.get(i).getOutput().getLabel());
            }
        }
        return out;
    }

    static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    /** Share of {@code set} predicted right by {@code m}. */
    static double accuracy(Model<Label> m, SpectralBaseline.Features x, SpectralBaseline.Labelled set) {
        int[] p = predict(m, x, set.rows());
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += p[i] == set.classes()[i] ? 1 : 0;
        }
        return (double) right / p.length;
    }

    /** {@code val}, or when it is empty a seeded fifth of {@code train} (then {@code [fit, select]}); else {@code [train, val]}. */
    static SpectralBaseline.Labelled[] selection(SpectralBaseline.Labelled train, SpectralBaseline.Labelled val, long seed) {
        if (val.rows().length > 0) {
            return new SpectralBaseline.Labelled[] {train, val};
        }
        int n = train.rows().length;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        int held = Math.max(1, n / 5);
        int[][] rows = {new int[n - held], new int[held]};
        int[][] classes = {new int[n - held], new int[held]};
        for (int i = 0; i < n; i++) {
            int part = i < held ? 1 : 0;
            int at = part == 1 ? i : i - held;
            rows[part][at] = train.rows()[order.get(i)];
            classes[part][at] = train.classes()[order.get(i)];
        }
        return new SpectralBaseline.Labelled[] {new SpectralBaseline.Labelled(rows[0], classes[0]),
            new SpectralBaseline.Labelled(rows[1], classes[1])};
    }
}
