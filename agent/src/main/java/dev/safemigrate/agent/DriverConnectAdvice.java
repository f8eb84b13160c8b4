package dev.safemigrate.agent;

import dev.safemigrate.agent.bootstrap.SafeMigrateBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into every {@code java.sql.Driver#connect(String, Properties)} implementation. Refers only to
 * the boot-loaded {@link SafeMigrateBridge}, so it works whatever loader the driver came from, and
 * suppresses its own failures: the application always gets at least the real connection.
 */
final class DriverConnectAdvice {
    private DriverConnectAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        SafeMigrateBridge.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object driver, @Advice.Argument(0) String url,
                     @Advice.Argument(1) Object info, @Advice.Thrown Throwable thrown,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object connection) {
        SafeMigrateBridge.exit();
        if (thrown == null && connection != null) {
            connection = SafeMigrateBridge.onConnection(connection, driver, url, info);
        }
    }
}
