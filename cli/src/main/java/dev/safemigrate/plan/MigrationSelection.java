package dev.safemigrate.plan;

import dev.safemigrate.plan.liquibase.ChangeSetSql;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Which migrations {@code plan} reports on. In CI the earlier files have long been applied to production;
 * only the new ones matter. The others are still read, in order, for the schema they build (so a table an
 * earlier file created is an existing table), but not reported. A file is planned when every filter given
 * selects it:
 * <ul>
 *   <li>{@code --since VERSION}: versioned migrations above that version (the version production is at);
 *       repeatable ones are not planned (their change cannot be told from the version), other files are;</li>
 *   <li>{@code --changed REF}: files that differ from the point where the branch left {@code REF};</li>
 *   <li>{@code --url}: migrations Flyway's history table does not list as applied ({@link FlywayHistory}).</li>
 * </ul>
 */
public final class MigrationSelection {
    private final List<BigInteger> since;
    private final String sinceText;
    private final Set<Path> changed;
    private final String changedRef;
    private FlywayHistory history;
    private LiquibaseHistory changelog;

    private MigrationSelection(List<BigInteger> since, String sinceText, Set<Path> changed, String changedRef) {
        this.since = since;
        this.sinceText = sinceText;
        this.changed = changed;
        this.changedRef = changedRef;
    }

    /** Every file is planned. */
    public static MigrationSelection all() {
        return new MigrationSelection(null, null, null, null);
    }

    /**
     * @param since {@code --since}, or {@code null}
     * @param changedRef {@code --changed}, or {@code null}
     * @param inside a path inside the repository, for {@code --changed}
     */
    public static MigrationSelection of(String since, String changedRef, Path inside) throws PlanInputException {
        List<BigInteger> version = null;
        if (since != null) {
            version = MigrationFile.parseVersion(since.startsWith("V") || since.startsWith("v") ? since.substring(1) : since);
            if (version == null) {
                throw new PlanInputException("--since takes a Flyway version such as 12 or 1.2.3, not '" + since + "'");
            }
        }
        Set<Path> changed = changedRef == null ? null : GitChanges.against(changedRef, inside);
        return new MigrationSelection(version, since, changed, changedRef);
    }

    /** With {@code --url}: also skip what the history table lists as applied. */
    public void useHistory(FlywayHistory applied) {
        this.history = applied;
    }

    /** With {@code --url}: also skip the changesets {@code DATABASECHANGELOG} lists. */
    public void useHistory(LiquibaseHistory applied) {
        this.changelog = applied;
    }

    /** True when {@code DATABASECHANGELOG} says Liquibase would not run this changeset again. */
    boolean appliedPerHistory(ChangeSetSql changeSet) {
        return changelog != null && changelog.applied(changeSet.id(), changeSet.author());
    }

    /**
     * Why this Liquibase changeset is not planned, or {@code null} when it is: {@code --changed} looks at the
     * file that holds it, the history at its id and author; {@code --since} is Flyway's and selects every
     * changeset.
     */
    public String whyNotPlanned(ChangeSetSql changeSet, Path file) {
        if (changed != null && !changed.contains(realPath(file))) {
            return "unchanged against " + changedRef + " (--changed)";
        }
        if (appliedPerHistory(changeSet)) {
            return "applied (" + changelog.table() + ")";
        }
        return null;
    }

    /** True when the history table says Flyway would not run this file again. */
    boolean appliedPerHistory(MigrationFile file, String rawText) {
        return history != null && history.exists() && history.applied(file, rawText);
    }

    /** Why this file is not planned, or {@code null} when it is. */
    public String whyNotPlanned(MigrationFile file, String rawText) {
        if (since != null) {
            if (file.kind() == MigrationFile.Kind.VERSIONED && MigrationFile.compareVersions(file.version(), since) <= 0) {
                return "version " + file.versionText() + " is not above --since " + sinceText;
            }
            if (file.kind() == MigrationFile.Kind.REPEATABLE) {
                return "repeatable: --since cannot tell whether it changed (use --changed or --url)";
            }
        }
        if (changed != null && !changed.contains(realPath(file.path()))) {
            return "unchanged against " + changedRef + " (--changed)";
        }
        if (appliedPerHistory(file, rawText)) {
            return file.kind() == MigrationFile.Kind.REPEATABLE
                    ? "applied with this checksum (" + history.table() + ")"
                    : "applied (" + history.table() + ")";
        }
        return null;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
