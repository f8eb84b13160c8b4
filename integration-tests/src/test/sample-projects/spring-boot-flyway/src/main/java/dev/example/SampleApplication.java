package dev.example;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flyway migrates at start-up, before this runs, through connections safemigrate's starter wraps; the
 * application's own queries (this JdbcTemplate, on the same pool) go to the server as written.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        // no web server here: the application ends once the runner is done
        System.exit(SpringApplication.exit(SpringApplication.run(SampleApplication.class, args)));
    }

    @Bean
    CommandLineRunner report(JdbcTemplate jdbc) {
        return args -> {
            long items = jdbc.queryForObject("SELECT count(*) FROM items", Long.class);
            long noted = jdbc.queryForObject("SELECT count(*) FROM items WHERE note IS NOT NULL", Long.class);
            System.out.printf("sample: %d items, note filled for %d%n", items, noted);
        };
    }
}
