package dev.safemigrate.flyway;

import org.flywaydb.core.extensibility.ConfigurationExtension;
import org.flywaydb.core.extensibility.Plugin;

/**
 * Remembers whether the user gave {@code flyway.postgresql.transactional.lock} as a configuration property,
 * so that {@link TransactionalLockDefault} can tell the user's {@code true} from the {@code true} Flyway
 * writes in by itself.
 *
 * <p>Why it is needed: Flyway copies every instantiated configuration extension through Jackson when it
 * loads a configuration ({@code ConfigurationExtension.copy()}), and its PostgreSQL extension serialises the
 * computed {@code transactionalLock} getter, so the copy has the default ({@code true}) set explicitly.
 * That happens whenever a tool configures Flyway from properties ({@code FluentConfiguration.configuration(Map)},
 * which Flyway's Maven plugin always uses), even when nobody set the lock.
 *
 * <p>How: an extension in the same {@code postgresql} namespace with a field of the same name
 * ({@code transactional}) receives the same properties as Flyway's own extension — from a map, properties,
 * config files, environment variables or TOML — and nothing else sets it. Its own {@link #copy()} keeps
 * the value (no Jackson needed) and marks the copy, which tells that the extensions were instantiated
 * from properties before Flyway copied them. The only field names are {@code transactional} and
 * {@code copied} (final, so Flyway's model merge leaves it alone).
 */
public class TransactionalLockIntent implements ConfigurationExtension {

    /** Set when the user gave {@code flyway.postgresql.transactional.*}; else null. */
    private Transactional transactional;
    private final boolean copied;

    public TransactionalLockIntent() {
        this(null, false);
    }

    private TransactionalLockIntent(Transactional transactional, boolean copied) {
        this.transactional = transactional;
        this.copied = copied;
    }

    /** For Flyway's property binding. */
    public Transactional getTransactional() {
        return transactional;
    }

    /** For Flyway's property binding. */
    public void setTransactional(Transactional transactional) {
        this.transactional = transactional;
    }

    /** The value the user gave for {@code flyway.postgresql.transactional.lock}, or null when none was given. */
    Boolean userValue() {
        return transactional == null ? null : transactional.getLock();
    }

    /**
     * True when this instance is a copy Flyway made of a configuration whose extensions had been
     * instantiated before, i.e. the configuration came from properties.
     */
    boolean copiedFromConfiguredProperties() {
        return copied;
    }

    @Override
    public String getNamespace() {
        return "postgresql";
    }

    @Override
    public Plugin copy() {
        Transactional kept = null;
        if (transactional != null) {
            kept = new Transactional();
            kept.setLock(transactional.getLock());
        }
        return new TransactionalLockIntent(kept, true);
    }

    /**
     * The shape Flyway binds {@code transactional.*} into (the same as its own PostgreSQL extension's model:
     * Flyway reads the field names and types to parse the property).
     */
    public static class Transactional {
        private Boolean lock;

        public Boolean getLock() {
            return lock;
        }

        public void setLock(Boolean lock) {
            this.lock = lock;
        }
    }
}
