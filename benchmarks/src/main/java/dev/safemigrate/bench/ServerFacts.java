package dev.safemigrate.bench;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** The server and JVM a benchmark ran on, printed at its start so every figure comes with its setting. */
final class ServerFacts {
    private ServerFacts() {
    }

    /** Each query's first column on one line, labelled by the query without its SELECT/SHOW; then the JVM. */
    static void print(Statement st, String... queries) throws SQLException {
        StringBuilder sb = new StringBuilder("Server:");
        for (String q : queries) {
            try (ResultSet rs = st.executeQuery(q)) {
                rs.next();
                sb.append("\n  ").append(q.replace("SELECT ", "").replace("SHOW ", "")).append(": ")
                        .append(rs.getString(1));
            }
        }
        System.out.println(sb);
        System.out.printf(Locale.ROOT, "JVM: %s %s, %d processors%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    }
}
