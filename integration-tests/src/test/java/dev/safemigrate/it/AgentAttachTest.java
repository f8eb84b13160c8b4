package dev.safemigrate.it;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.VirtualMachine;
import dev.safemigrate.it.agent.AttachLaterApp;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.ForkedJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The agent attached to a JVM that is already running ({@code Agent-Class}, {@code agentmain}), with the
 * JDK's attach API from this, another, process (so the forked JVM needs no
 * {@code -Djdk.attach.allowAttachSelf}): pgjdbc, loaded and used before, is instrumented from then on;
 * the connection opened before stays the raw one; the next one is ours and its {@code CREATE INDEX}
 * reaches the server {@code CONCURRENTLY}.
 */
@RealDatabase(Engine.POSTGRESQL)
class AgentAttachTest {
    private final TestDatabase db;

    AgentAttachTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws Exception {
        db.execute("DROP TABLE IF EXISTS accounts",
                "CREATE TABLE accounts (id bigserial PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO accounts (v) SELECT g % 100 FROM generate_series(1, 20000) g",
                "ANALYZE accounts");
    }

    @Test
    void attachedToARunningJvmTheNextConnectionIsOursAndTheOneBeforeStaysRaw(@TempDir Path dir) throws Exception {
        Path signal = dir.resolve("attached");
        try (DdlProbe probe = DdlProbe.install(db)) {
            ForkedJvm.Running app = ForkedJvm.of(AttachLaterApp.class).database(db)
                    .environment("APP_SIGNAL", signal.toString())
                    .args("CREATE INDEX accounts_v_idx ON accounts (v)").start();
            assertThat(app.awaitReported("first", 60)).isEqualTo("org.postgresql.jdbc.PgConnection");

            VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
            try {
                vm.loadAgent(ForkedJvm.agentJar().toString(), "rewrite.minRows=1000");
            } finally {
                vm.detach();
            }
            Files.createFile(signal);
            ForkedJvm.Result run = app.await(120).assertSucceeded();

            assertThat(run.reported("first.after")).as("opened before the agent: left as it was")
                    .isEqualTo("org.postgresql.jdbc.PgConnection");
            assertThat(run.reported("second")).as("opened after").isEqualTo("dev.safemigrate.jdbc.SafeConnection");
            assertThat(probe.statements()).as("what reached the server").anySatisfy(s -> assertThat(s)
                    .startsWith("CREATE INDEX CONCURRENTLY").contains("accounts_v_idx"));
            assertThat(run.output()).contains("safemigrate agent").contains("ready in")
                    .contains("connections to jdbc:postgresql://");
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".accounts_v_idx') AND indisvalid")).isEqualTo(1);
    }

    @Test
    void badOptionsFailTheAttachAndLeaveTheRunningApplicationUntouched(@TempDir Path dir) throws Exception {
        Path signal = dir.resolve("attached");
        ForkedJvm.Running app = ForkedJvm.of(AttachLaterApp.class).database(db)
                .environment("APP_SIGNAL", signal.toString()).args("SELECT 1").start();
        app.awaitReported("first", 60);

        VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
        Throwable refused;
        try {
            refused = catchThrowable(
                    () -> vm.loadAgent(ForkedJvm.agentJar().toString(), "lockTimeout=fast"));
        } finally {
            vm.detach();
        }
        Files.createFile(signal);
        ForkedJvm.Result run = app.await(120).assertSucceeded();

        assertThat(refused).as("agentmain threw: the attach reports it").isInstanceOf(AgentInitializationException.class);
        assertThat(run.output()).contains("Bad value 'fast' for setting 'safemigrate.lockTimeout' (agent option)");
        assertThat(run.reported("second")).isEqualTo("org.postgresql.jdbc.PgConnection");
    }
}
