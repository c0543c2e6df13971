package dev.prism.jobs;

/** The data a run is evaluated on is not the data it was trained on (its checksum differs from the run's provenance). */
public final class DataChangedException extends IllegalArgumentException {

    DataChangedException(String message) {
        super(message);
    }
}
