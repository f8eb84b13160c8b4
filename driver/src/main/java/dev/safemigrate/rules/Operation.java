package dev.safemigrate.rules;

import dev.safemigrate.config.Setting;

/**
 * The operations under a {@code safemigrate.policy.*} setting: their rule name (as written in
 * {@code /* safemigrate:allow <rule> *}{@code /}), their setting, the risk and the expand/contract recipe.
 * The texts are repeated in docs/rules.md. Shared by the PostgreSQL and MySQL/MariaDB rules; the texts of the
 * drops and renames apply to both.
 */
public enum Operation {
    RENAME_COLUMN("rename-column", Setting.POLICY_RENAME_COLUMN,
            "running application code still reads and writes the old name and fails as soon as this commits",
            "1) ADD COLUMN <new> with the same type; 2) keep both in step: deploy code that writes both, or a trigger"
                    + " that copies <old> into <new> on INSERT and UPDATE; 3) backfill <new> from <old> in batches;"
                    + " 4) deploy code that reads and writes only <new>; 5) in a later migration drop the trigger and"
                    + " DROP COLUMN <old>. On PostgreSQL safemigrate.policy.renameColumn=expand does 1) to 3) for you"),
    RENAME_TABLE("rename-table", Setting.POLICY_RENAME_TABLE,
            "running application code still uses the old name and fails as soon as this commits",
            "1) in one transaction: ALTER TABLE <old> RENAME TO <new>; CREATE VIEW <old> AS SELECT * FROM <new>"
                    + " (a simple view is updatable, so old code keeps working); 2) deploy code that uses <new>;"
                    + " 3) in a later migration DROP VIEW <old>. On PostgreSQL safemigrate.policy.renameTable=expand"
                    + " does 1) for you"),
    DROP_COLUMN("drop-column", Setting.POLICY_DROP_COLUMN,
            "running application code that still selects or inserts the column fails (ORMs list every column),"
                    + " and its data is gone",
            "1) make the column optional for old code: ALTER COLUMN … DROP NOT NULL (or SET DEFAULT);"
                    + " 2) deploy code that no longer reads or writes it (ORMs: remove or ignore the mapping);"
                    + " 3) in a later migration, after that deploy, DROP COLUMN. On PostgreSQL"
                    + " safemigrate.policy.dropColumn=expand keeps the column and archives its data until you contract"),
    DROP_TABLE("drop-table", Setting.POLICY_DROP_TABLE,
            "running application code that still uses the table fails, and its data is gone",
            "1) deploy code that no longer uses the table; 2) optionally ALTER TABLE … RENAME TO <name>_deprecated"
                    + " first, which can be undone in an instant; 3) in a later migration, after a backup if the data"
                    + " may be needed, DROP TABLE"),
    TRUNCATE("truncate", Setting.POLICY_TRUNCATE,
            "every row is removed at once (CASCADE also empties the tables that reference it) under an ACCESS"
                    + " EXCLUSIVE lock, and running code that still uses the rows sees them vanish",
            "1) deploy code that no longer needs the rows; 2) take a backup if the data may be needed;"
                    + " 3) then TRUNCATE (allow it), or, when other sessions keep writing the table, DELETE in batches"
                    + " (DELETE FROM t WHERE id IN (SELECT id FROM t LIMIT 10000), repeated, each batch committed)"),
    VACUUM_FULL("vacuum-full", Setting.POLICY_VACUUM_FULL,
            "VACUUM FULL rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock: no reads or writes"
                    + " for as long as it runs",
            "1) plain VACUUM (no lock on reads or writes) makes the space reusable; 2) to give the space back to the"
                    + " operating system online, use the pg_repack or pg_squeeze extension; 3) or expand/contract:"
                    + " create a copy of the table, copy the rows in batches while a trigger copies new writes, switch"
                    + " the names in one short transaction, drop the old table"),
    CLUSTER("cluster", Setting.POLICY_CLUSTER,
            "CLUSTER rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock: no reads or writes for"
                    + " as long as it runs",
            "1) reorder online with the pg_repack extension (pg_repack --table=<t> --order-by=<columns>);"
                    + " 2) or expand/contract: create a copy of the table, copy the rows in the wanted order in"
                    + " batches while a trigger copies new writes, switch the names in one short transaction, drop the"
                    + " old table"),
    EXCLUSION_CONSTRAINT("exclusion-constraint", Setting.POLICY_EXCLUSION_CONSTRAINT,
            "ADD … EXCLUDE builds its index and checks every row under an ACCESS EXCLUSIVE lock: no reads or writes"
                    + " for as long as it runs (exclusion constraints have no NOT VALID or USING INDEX form)",
            "expand/contract: 1) create a new table with the exclusion constraint; 2) a trigger on the old table"
                    + " copies every INSERT/UPDATE/DELETE to the new one; 3) copy the existing rows in batches;"
                    + " 4) switch the names in one short transaction (ALTER TABLE … RENAME TO, twice); 5) drop the old"
                    + " table and the trigger in a later migration"),
    ALTER_COLUMN_TYPE("alter-column-type", Setting.POLICY_ALTER_COLUMN_TYPE,
            "this type change is not binary-compatible: PostgreSQL rewrites the whole table and its indexes under"
                    + " an ACCESS EXCLUSIVE lock, no reads or writes for as long as it runs",
            "expand/contract: 1) ADD COLUMN <c>_new <new type> (no default: instant); 2) dual-write: a trigger (or"
                    + " the application) sets <c>_new from <c> on every INSERT and UPDATE; 3) backfill <c>_new in"
                    + " batches (UPDATE t SET <c>_new = <c>::<new type> WHERE id BETWEEN … AND …, each batch"
                    + " committed); 4) recreate constraints NOT VALID + VALIDATE CONSTRAINT and indexes CONCURRENTLY"
                    + " on <c>_new; 5) switch: deploy code that reads <c>_new, or rename both columns in one short"
                    + " transaction; 6) drop the trigger and the old column in a later migration. On PostgreSQL"
                    + " safemigrate.policy.alterColumnType=expand does 1) to 5) for you"),
    VOLATILE_DEFAULT("volatile-default", Setting.POLICY_VOLATILE_DEFAULT,
            "PostgreSQL must compute this default for every existing row: it rewrites the whole table under an"
                    + " ACCESS EXCLUSIVE lock, no reads or writes for as long as it runs",
            "1) ADD COLUMN <c> <type> without the default (instant); 2) ALTER TABLE t ALTER COLUMN <c> SET DEFAULT"
                    + " <expression> (instant; new rows get it); 3) backfill the existing rows in batches (UPDATE t SET"
                    + " <c> = <expression> WHERE <c> IS NULL AND id BETWEEN … AND …, each batch committed); 4) if it"
                    + " must be NOT NULL: ADD CONSTRAINT … CHECK (<c> IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT,"
                    + " then SET NOT NULL (PostgreSQL 12+ skips the scan) and drop the check"),
    NOT_NULL_REBUILD("not-null-rebuild", Setting.POLICY_NOT_NULL_REBUILD,
            "MySQL/MariaDB rebuild the whole table to make a nullable column NOT NULL: in place, so writes continue"
                    + " (LOCK=NONE), but every row is read and rewritten, replicas fall behind by the rebuild's"
                    + " duration, a brief exclusive lock is taken at the end, and the statement fails after all that"
                    + " work if a row still holds NULL (with strict mode off NULLs silently become the type's default)",
            "1) backfill the NULLs in batches (UPDATE t SET <c> = <value> WHERE <c> IS NULL, each batch committed);"
                    + " 2) deploy code that never writes NULL; 3) run the MODIFY … NOT NULL when replicas can afford"
                    + " the lag, or through gh-ost / pt-online-schema-change on a big table");

    /** As written in {@code /* safemigrate:allow <rule> *}{@code /}. */
    public final String rule;
    public final Setting setting;
    public final String risk;
    public final String recipe;

    Operation(String rule, Setting setting, String risk, String recipe) {
        this.rule = rule;
        this.setting = setting;
        this.risk = risk;
        this.recipe = recipe;
    }
}
