package dev.prism.models;

/** Argument checks shared by the model builders; each message names the argument and its value. */
final class ModelChecks {

    private ModelChecks() {}

    static void classes(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
    }

    static void alpha(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha (width multiplier) must be > 0, got " + alpha);
        }
    }

    static void dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
    }

    static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, got " + value);
        }
    }
}
