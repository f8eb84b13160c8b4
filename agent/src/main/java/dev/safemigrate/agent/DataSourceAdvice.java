package dev.safemigrate.agent;

import dev.safemigrate.agent.bootstrap.SafeMigrateBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into every {@code javax.sql.DataSource#getConnection()} and {@code getConnection(String,
 * String)} implementation: a pool's connections are usually already ours (its driver's {@code connect}
 * was instrumented), and then nothing happens; otherwise (a data source that does not go through
 * {@code Driver#connect}, or a pool filled before a migration tool asked) the connection is wrapped here.
 */
final class DataSourceAdvice {
    private DataSourceAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        SafeMigrateBridge.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object dataSource,
                     @Advice.AllArguments Object[] arguments, @Advice.Thrown Throwable thrown,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object connection) {
        SafeMigrateBridge.exit();
        if (thrown == null && connection != null) {
            connection = SafeMigrateBridge.onConnection(connection, dataSource, null, arguments);
        }
    }
}
