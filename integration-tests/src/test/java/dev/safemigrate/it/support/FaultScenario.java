package dev.safemigrate.it.support;

import java.util.List;

/**
 * One multi-step rewrite or batch to break: the fixture it starts from (run on a bare connection), the
 * statements sent through the safemigrate driver with {@code settings}, and whether they are batched (a
 * journal row says whether the run had finished).
 */
public record FaultScenario(String name, String settings, List<String> fixture, List<String> statements,
                            boolean batched) {

    public static FaultScenario ddl(String name, String settings, List<String> fixture, String... statements) {
        return new FaultScenario(name, settings, fixture, List.of(statements), false);
    }

    public static FaultScenario batch(String name, String settings, List<String> fixture, String statement) {
        return new FaultScenario(name, settings, fixture, List.of(statement), true);
    }

    @Override
    public String toString() {
        return name;
    }
}
