package dev.prism.baselines;

import org.tribuo.Model;
import org.tribuo.classification.Label;

/** A fitted Tribuo model as a {@link SpectralBaseline.Fitted}. */
record TribuoFitted(Model<Label> model, String describe, long size) implements SpectralBaseline.Fitted {

    @Override
    public int[] predict(SpectralBaseline.Features x) {
        return TribuoData.predict(model, x, TribuoData.all(x.rows()));
    }
}
