package dev.safemigrate.jdbc;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JDBC method, default methods included, must be delegated explicitly: a default method we do
 * not override would run the interface's fallback instead of the real driver's implementation.
 * Fails after a JDK upgrade adds methods: run {@link DelegatingSourceGenerator}.
 */
class DelegatingWrappersTest {

    @Test
    void everyInterfaceMethodIsDelegated() throws Exception {
        for (DelegatingSourceGenerator.Spec spec : DelegatingSourceGenerator.SPECS) {
            Class<?> generated = Class.forName("dev.safemigrate.jdbc.Delegating" + spec.iface().getSimpleName());
            Set<String> declared = Arrays.stream(generated.getDeclaredMethods())
                    .filter(m -> !m.isSynthetic() && !m.isBridge())
                    .map(DelegatingSourceGenerator::signature).collect(Collectors.toSet());
            for (Method m : DelegatingSourceGenerator.methodsOf(spec)) {
                assertThat(declared).as(generated.getSimpleName() + " delegates " + m)
                        .contains(DelegatingSourceGenerator.signature(m));
            }
        }
    }
}
