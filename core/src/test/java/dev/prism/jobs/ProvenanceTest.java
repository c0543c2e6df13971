package dev.prism.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every run names the commit Prism was built from, also when the jar runs outside a checkout. */
class ProvenanceTest {

    @Test
    void theCommitIsTheOneTheBuildRecorded() throws Exception {
        Properties built = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/dev/prism/git.properties")) {
            Assumptions.assumeTrue(in != null || java.nio.file.Files.exists(java.nio.file.Path.of(".git")),
                    "built outside a git checkout: no commit to record");
            assertThat(in).as("the build writes dev/prism/git.properties (git-commit-id-maven-plugin)").isNotNull();
            built.load(in);
        }
        String commit = Provenance.findGitCommit();
        assertThat(commit).matches("[0-9a-f]{40}(-dirty)?").startsWith(built.getProperty("git.commit.id"));
        assertThat(commit.endsWith("-dirty")).isEqualTo(Boolean.parseBoolean(built.getProperty("git.dirty")));
    }
}
