package dev.safemigrate.agent.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's bookkeeping of nested instrumented calls, the way the inlined advice drives it, with a
 * hook that wraps every connection it is offered: what each call hands back, and which calls the hook
 * is asked about. Connections are strings here: {@code ours(x)} is our wrapper around {@code x}.
 */
class SafeMigrateBridgeTest {
    /** What the hook was asked: the connection and whether the call ran inside another one. */
    private final List<String> asked = new ArrayList<>();

    @BeforeEach
    void wrapEverything() {
        SafeMigrateBridge.install(call -> {
            asked.add(call[0] + (Boolean.TRUE.equals(call[4]) ? " nested" : " outermost"));
            return "ours(" + call[0] + ")";
        });
    }

    @AfterEach
    void noHook() {
        SafeMigrateBridge.install(null);
    }

    /** An instrumented {@code connect}/{@code getConnection} whose body returns a connection. */
    private static Object call(Supplier<Object> body) {
        SafeMigrateBridge.enter();
        Object connection;
        try {
            connection = body.get();
        } finally {
            SafeMigrateBridge.exit();
        }
        return SafeMigrateBridge.onConnection(connection, "source", null, null);
    }

    @Test
    void aCallWithNothingInsideIsWrapped() {
        assertThat(call(() -> "c")).isEqualTo("ours(c)");
        assertThat(asked).containsExactly("c outermost");
    }

    @Test
    void aPoolOpeningItsConnectionInsideItsGetConnectionKeepsOursBehindItsProxy() {
        // pool.getConnection() -> its DriverDataSource.getConnection() -> Driver.connect()
        Object borrowed = call(() -> "proxy(" + call(() -> call(() -> "raw")) + ")");

        assertThat(borrowed).as("one layer of ours, behind the pool's proxy").isEqualTo("proxy(ours(raw))");
        assertThat(asked).as("only the innermost call is offered to the hook").containsExactly("raw nested");
    }

    @Test
    void everyConnectionOpenedInsideTheSameCallIsWrapped() {
        List<Object> opened = new ArrayList<>();
        // a pool whose first physical connection failed validation opens another one
        Object borrowed = call(() -> {
            opened.add(call(() -> "raw1"));
            opened.add(call(() -> "raw2"));
            return "proxy(" + opened.get(1) + ")";
        });

        assertThat(opened).containsExactly("ours(raw1)", "ours(raw2)");
        assertThat(borrowed).isEqualTo("proxy(ours(raw2))");
        assertThat(asked).containsExactly("raw1 nested", "raw2 nested");
    }

    @Test
    void theNextCallStartsAfresh() {
        call(() -> "proxy(" + call(() -> "raw") + ")");
        asked.clear();

        assertThat(call(() -> "c")).as("nothing inside this one was wrapped").isEqualTo("ours(c)");
        assertThat(asked).containsExactly("c outermost");
    }

    @Test
    void whenTheHookLeavesTheInnerConnectionAloneTheOuterCallIsAsked() {
        // as with when=migration-tool: nested connections stay raw, the outermost call decides
        SafeMigrateBridge.install(call -> {
            asked.add(call[0] + (Boolean.TRUE.equals(call[4]) ? " nested" : " outermost"));
            return Boolean.TRUE.equals(call[4]) ? call[0] : "ours(" + call[0] + ")";
        });

        assertThat(call(() -> "proxy(" + call(() -> "raw") + ")")).isEqualTo("ours(proxy(raw))");
        assertThat(asked).containsExactly("raw nested", "proxy(raw) outermost");
    }

    @Test
    void aFailingHookPassesTheConnectionThrough() {
        SafeMigrateBridge.install(call -> {
            throw new IllegalStateException("broken");
        });

        assertThat(call(() -> "proxy(" + call(() -> "raw") + ")")).isEqualTo("proxy(raw)");
    }
}
