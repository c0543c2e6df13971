package dev.prism.cli;

/** Tells which pipeline a run folder's config.json belongs to. */
final class RunFolders {

    private RunFolders() {}

    static boolean isImageRun(String configJson) {
        return configJson.contains("\"task\": \"image\"");
    }
}
