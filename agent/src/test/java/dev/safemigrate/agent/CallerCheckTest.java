package dev.safemigrate.agent;

import dev.safemigrate.agent.fake.FakeMigrationTool;
import dev.safemigrate.jdbc.OwnDriverFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which callers' connections the agent wraps, decided from the real stack of the calling thread:
 * {@link FakeMigrationTool} plays a migration tool ({@code tools=dev.safemigrate.agent.fake.}) and
 * {@link OwnDriverFrame} a frame of safemigrate's own driver.
 */
class CallerCheckTest {
    private static final String FAKE_TOOL = "tools=dev.safemigrate.agent.fake.";

    private static CallerCheck check(String options) {
        return new CallerCheck(AgentOptions.parse(options));
    }

    @Test
    void byDefaultEveryCallerIsSelected() {
        CallerCheck check = check(null);
        assertThat(check.selected()).isTrue();
        assertThat(FakeMigrationTool.migrate(check::selected)).isTrue();
    }

    @Test
    void connectionsOurOwnDriverOpensAreNeverSelected() {
        for (String options : new String[] {null, "when=always", "when=migration-tool," + FAKE_TOOL}) {
            CallerCheck check = check(options);
            assertThat(OwnDriverFrame.connect(check::selected)).as(options).isFalse();
            assertThat(FakeMigrationTool.migrate(() -> OwnDriverFrame.connect(check::selected)))
                    .as("a tool that uses a jdbc:safemigrate: URL gets our driver's wrapper already; %s", options)
                    .isFalse();
        }
    }

    @Test
    void withMigrationToolOnlyCallsFromAToolAreSelected() {
        CallerCheck check = check("when=migration-tool," + FAKE_TOOL);
        assertThat(check.selected()).as("the application's own connection").isFalse();
        assertThat(FakeMigrationTool.migrate(check::selected)).isTrue();
    }

    @Test
    void theToolMayBeAnywhereOnTheStack() {
        CallerCheck check = check("when=migration-tool," + FAKE_TOOL);
        assertThat(FakeMigrationTool.migrate(() -> deeper(5, check))).isTrue();
    }

    private static boolean deeper(int depth, CallerCheck check) {
        return depth == 0 ? check.selected() : deeper(depth - 1, check);
    }

    @Test
    void anyOfSeveralPrefixesCounts() {
        CallerCheck check = check("when=migration-tool,tools=com.example.nothing.|dev.safemigrate.agent.fake.");
        assertThat(FakeMigrationTool.migrate(check::selected)).isTrue();
        assertThat(check.selected()).isFalse();
    }

    @Test
    void theDefaultToolsAreFlywayAndLiquibaseOnly() {
        CallerCheck check = check("when=migration-tool");
        assertThat(FakeMigrationTool.migrate(check::selected)).isFalse();
        assertThat(check.selected()).isFalse();
    }

    @Test
    void onlyTheCallingThreadsStackCounts() throws Exception {
        // A pool that opens connections on a thread of its own has no tool on that thread's stack:
        // those stay raw, and the DataSource advice wraps them when the tool borrows one.
        CallerCheck check = check("when=migration-tool," + FAKE_TOOL);
        boolean[] onOtherThread = {true};
        FakeMigrationTool.migrate(() -> {
            Thread filler = new Thread(() -> onOtherThread[0] = check.selected(), "pool-filler");
            filler.start();
            try {
                filler.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return true;
        });
        assertThat(onOtherThread[0]).isFalse();
    }
}
