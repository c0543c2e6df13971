package dev.prism.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every run names the commit Prism was built from, also when the jar runs outside a checkout. */
class ProvenanceTest {

    /** A process where no network computes: its provenance is its first use of anything of the engine's. */
    public static final class NoNetworkHere {
        public static void main(String[] args) throws Exception {
            Provenance p = Provenance.of(java.util.Map.of("k", 1), 7, "data", "checksum", "test", null);
            System.out.println("self_check: " + p.engine().get("self_check") + "; cpu: " + p.engine().get("cpu"));
            String maps = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/maps"));
            System.out.println("libtorch mapped: " + maps.contains("libtorch"));
        }
    }

    /**
     * Before the fix a Spark map's driver failed reading libtorch's thread counts before libtorch was loaded; now
     * it records its CPU and that no network computes there, and loads no libtorch (a driver's memory).
     */
    @Test
    void theProvenanceOfAProcessWithoutANetworkNeedsNoLibtorch() throws Exception {
        java.util.List<String> cmd = java.util.List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), NoNetworkHere.class.getName());
        dev.prism.testing.Child c = dev.prism.testing.Child.run(new ProcessBuilder(cmd), java.time.Duration.ofMinutes(2));
        assertThat(c.code()).as(c.out()).isZero();
        assertThat(c.out()).contains("self_check: not needed: no network computes in this process").contains("; cpu: ")
                .contains("libtorch mapped: false");
    }

    @Test
    void theCommitIsTheOneTheBuildRecorded() throws Exception {
        Properties built = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/dev/prism/git.properties")) {
            Assumptions.assumeTrue(in != null || java.nio.file.Files.exists(java.nio.file.Path.of(".git")),
                    "built outside a git checkout: no commit to record");
            assertThat(in).as("the build writes dev/prism/git.properties (core/src/build/git-properties.sh)").isNotNull();
            built.load(in);
        }
        String commit = Provenance.findGitCommit();
        assertThat(commit).matches("[0-9a-f]{40}(-dirty)?").startsWith(built.getProperty("git.commit.id"));
        assertThat(commit.endsWith("-dirty")).isEqualTo(Boolean.parseBoolean(built.getProperty("git.dirty")));
        // the commit git itself sees here: a jar built in a linked worktree recorded the main checkout's HEAD
        // (git-commit-id-maven-plugin#882, the build's tool before bb1b676), so a study's runs named another
        // commit than the one that trained them
        dev.prism.testing.Child git;
        try {
            git = dev.prism.testing.Child.run(new ProcessBuilder("git", "rev-parse", "HEAD"), java.time.Duration.ofSeconds(30));
        } catch (java.io.IOException e) {
            git = new dev.prism.testing.Child(-1, e.getMessage());
        }
        Assumptions.assumeTrue(git.code() == 0, "no git here to compare with: " + git.out());
        assertThat(built.getProperty("git.commit.id")).as("the commit recorded by the build, against git rev-parse HEAD in "
                + Path.of("").toAbsolutePath()).isEqualTo(git.out().trim());
    }
}
