package dev.safemigrate.sql;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven PostgreSQL cases; the format is described in {@link CaseTable}. */
class PostgresClassifierTest {

    @ParameterizedTest(name = "{0}  ==>  {1}")
    @MethodSource({"quoting", "splitting", "atomicBodies", "queries", "transactions", "settings", "ddl", "dml", "other"})
    void classifies(String sql, String expected) {
        CaseTable.check(Dialect.POSTGRESQL, sql, expected);
    }

    /** A ';' (and keywords) inside every kind of string, identifier and comment. */
    static Stream<Arguments> quoting() {
        // note: inside these Java text blocks "\\" is one backslash
        return CaseTable.parse("""
                SELECT 'a;b'; SELECT 2 ==> QUERY ;; QUERY
                SELECT 'it''s; here'; SELECT 2 ==> QUERY ;; QUERY
                SELECT ''''; SELECT 2 ==> QUERY ;; QUERY
                SELECT ''; SELECT 2 ==> QUERY ;; QUERY
                SELECT '\\'; SELECT 2 ==> QUERY ;; QUERY
                SELECT 'a\\'; DROP TABLE t; ==> QUERY ;; DDL:DROP_TABLE target=t
                SELECT E'\\''; SELECT 2 ==> QUERY ;; QUERY
                SELECT E'\\';'; SELECT 2 ==> QUERY ;; QUERY
                SELECT e'a\\'b;c'; SELECT 2 ==> QUERY ;; QUERY
                SELECT E'\\\\'; SELECT 2 ==> QUERY ;; QUERY
                SELECT E'x''y;'; SELECT 2 ==> QUERY ;; QUERY
                SELECT e '\\'; SELECT 2 ==> QUERY ;; QUERY
                SELECT U&'d\\0061t\\+000061;'; SELECT 2 ==> QUERY ;; QUERY
                SELECT U&'\\'; SELECT 2 ==> QUERY ;; QUERY
                SELECT B'101', X'1F;'; SELECT 2 ==> QUERY ;; QUERY
                SELECT N'a;b'; SELECT 2 ==> QUERY ;; QUERY
                SELECT "a;b" FROM t; SELECT 2 ==> QUERY ;; QUERY
                SELECT "a"";b" FROM t; SELECT 2 ==> QUERY ;; QUERY
                SELECT "'" FROM t; SELECT ';' ==> QUERY ;; QUERY
                SELECT '"'; SELECT '"' ==> QUERY ;; QUERY
                SELECT $$a;b$$; SELECT 2 ==> QUERY ;; QUERY
                SELECT $$it's; "x$$; SELECT 2 ==> QUERY ;; QUERY
                SELECT $fn$ a; $$ ; b $fn$; SELECT 2 ==> QUERY ;; QUERY
                SELECT $a$ $b$ ; $b$ $a$; SELECT 2 ==> QUERY ;; QUERY
                SELECT $a$ ; $A$ ; $a$; SELECT 2 ==> QUERY ;; QUERY
                SELECT $_x1$;$_x1$; SELECT 2 ==> QUERY ;; QUERY
                SELECT $1; SELECT $2 ==> QUERY ;; QUERY
                SELECT $1$; SELECT 2 ==> QUERY ;; QUERY
                SELECT a$b$ FROM t; SELECT 2 ==> QUERY ;; QUERY
                SELECT f($1, $2) ; SELECT 3 ==> QUERY ;; QUERY
                SELECT 1 -- ; comment⏎; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 --c\r; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 /* ; */; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 /* /* ; */ ; */; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 /* a /* b /* c */ ; */ ; */; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 /*/ ; */; SELECT 2 ==> QUERY ;; QUERY
                SELECT '-- not a comment;'; SELECT 2 ==> QUERY ;; QUERY
                SELECT '/* not a comment'; SELECT 2 ==> QUERY ;; QUERY
                SELECT "/*"; SELECT 2 ==> QUERY ;; QUERY
                SELECT $$ /* $$; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 # 2; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 -- ==> QUERY
                SELECT 1 - -2; SELECT 2 ==> QUERY ;; QUERY
                SELECT 'unterminated; SELECT 2 ==> QUERY
                SELECT E'unterminated\\'; SELECT 2 ==> QUERY
                SELECT $$unterminated; SELECT 2 ==> QUERY
                SELECT $x$ a $y$; SELECT 2 ==> QUERY
                SELECT /* unterminated; SELECT 2 ==> QUERY
                SELECT /* /* */ still open; SELECT 2 ==> QUERY
                SELECT "unterminated; SELECT 2 ==> QUERY
                SELECT `a;b` ==> QUERY ;; OTHER
                """);
    }

    static Stream<Arguments> splitting() {
        return CaseTable.parse("""
                SELECT 1; ==> QUERY
                SELECT 1;; ==> QUERY ;; EMPTY
                ; ==> EMPTY
                ;;; ==> EMPTY ;; EMPTY ;; EMPTY
                    ==> EMPTY
                -- only a comment ==> EMPTY
                /* only */ /* comments */ ==> EMPTY
                -- c⏎; ==> EMPTY
                SELECT 1; -- trailing ==> QUERY ;; EMPTY
                SELECT 1; /* trailing */ ==> QUERY ;; EMPTY
                SELECT 1;⏎ ==> QUERY ;; EMPTY
                SELECT 1; SELECT 2; SELECT 3 ==> QUERY ;; QUERY ;; QUERY
                SELECT 1;SELECT 2;SELECT 3; ==> QUERY ;; QUERY ;; QUERY
                ⏎-- header⏎CREATE TABLE t (id int);⏎⏎/* data */⏎INSERT INTO t VALUES (1);⏎ ==> DDL:CREATE_TABLE target=t ;; DML:INSERT_VALUES target=t ;; EMPTY
                SELECT (1; SELECT 2) ==> QUERY
                SELECT 1); SELECT 2 ==> QUERY ;; QUERY
                CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 1 ==> DDL:CREATE_OTHER target=r ;; QUERY
                CREATE TABLE t (a int); BEGIN; SELECT 1; END; ==> DDL:CREATE_TABLE target=t ;; TX:BEGIN ;; QUERY ;; TX:COMMIT
                BEGIN; UPDATE t SET a = 1; COMMIT; ==> TX:BEGIN ;; DML:UPDATE target=t ;; TX:COMMIT
                DO $$ BEGIN PERFORM 1; END $$; SELECT 1 ==> OTHER ;; QUERY
                CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql; SELECT 1 ==> DDL:CREATE_OTHER target=f ;; QUERY
                CREATE OR REPLACE FUNCTION f() RETURNS trigger AS $body$⏎BEGIN⏎  IF NEW.a IS NULL THEN⏎    NEW.a := 'x;y';⏎  END IF;⏎  RETURN NEW;⏎END;⏎$body$ LANGUAGE plpgsql;⏎SELECT 1 ==> DDL:CREATE_OTHER target=f ;; QUERY
                """);
    }

    /** SQL-standard function bodies (PG14+): semicolons inside BEGIN ATOMIC … END. */
    static Stream<Arguments> atomicBodies() {
        return CaseTable.parse("""
                CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT 3 ==> DDL:CREATE_OTHER target=f ;; QUERY
                CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); UPDATE t SET a = CASE WHEN a > 1 THEN 2 ELSE 3 END; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END ==> DDL:CREATE_OTHER target=f
                CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT (CASE WHEN true THEN 1 END); END; SELECT 2 ==> DDL:CREATE_OTHER target=f ;; QUERY
                CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a THEN CASE WHEN b THEN 1 END END FROM t; SELECT 2; END; DROP TABLE x ==> DDL:CREATE_OTHER target=f ;; DDL:DROP_TABLE target=x
                create procedure s.p(a int) language sql⏎begin atomic⏎  insert into t values (a);⏎  delete from u where x = ';';⏎end;⏎select 1; ==> DDL:CREATE_OTHER target=s.p ;; QUERY
                CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; ==> DDL:CREATE_OTHER target=f
                CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2 ==> DDL:CREATE_OTHER target=f
                CREATE FUNCTION f() RETURNS int LANGUAGE sql RETURN 1; SELECT 2 ==> DDL:CREATE_OTHER target=f ;; QUERY
                CREATE TABLE t (a int); SELECT CASE WHEN 1 THEN 2 END; END ==> DDL:CREATE_TABLE target=t ;; QUERY ;; TX:COMMIT
                CREATE FUNCTION begin() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql; SELECT 2 ==> DDL:CREATE_OTHER target=begin ;; QUERY
                CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT begin; END; SELECT 2 ==> DDL:CREATE_OTHER target=f ;; QUERY
                CREATE FUNCTION "f;"() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END; SELECT 2 ==> DDL:CREATE_OTHER target="f;" tname=f; ;; QUERY
                """);
    }

    static Stream<Arguments> queries() {
        return CaseTable.parse("""
                SELECT 1 ==> QUERY
                select * from t where a = 1 ==> QUERY
                  -- comment⏎SELECT 1 ==> QUERY
                /* c */ SELECT 1 ==> QUERY
                /* a /* nested */ still comment */ SELECT 1 ==> QUERY
                (SELECT 1) UNION (SELECT 2) ==> QUERY
                ((SELECT 1)) ==> QUERY
                (VALUES (1)) ==> QUERY
                (1) ==> OTHER
                WITH x AS (SELECT 1) SELECT * FROM x ==> QUERY
                with x as (select 1) select * from x ==> QUERY
                WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r WHERE n < 5) SELECT * FROM r ==> QUERY
                WITH a AS (SELECT 1), b AS (SELECT 2) SELECT * FROM a, b ==> QUERY
                WITH x AS MATERIALIZED (SELECT 1) SELECT * FROM x ==> QUERY
                WITH x AS NOT MATERIALIZED (SELECT 1) SELECT * FROM x ==> QUERY
                WITH x (a, b) AS (SELECT 1, 2) SELECT * FROM x ==> QUERY
                WITH x AS (SELECT 1) (SELECT * FROM x) ==> QUERY
                WITH x AS (SELECT 1) VALUES (1) ==> QUERY
                WITH x AS (SELECT 1) TABLE x ==> QUERY
                WITH RECURSIVE t(id) AS (SELECT 1) CYCLE id SET is_cycle USING path SELECT * FROM t ==> QUERY
                WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d ==> QUERY
                WITH x AS (SELECT 1) SELECT * INTO y FROM x ==> OTHER
                WITH ==> OTHER
                SHOW search_path ==> QUERY
                SHOW ALL ==> QUERY
                VALUES (1), (2) ==> QUERY
                TABLE users ==> QUERY
                EXPLAIN SELECT 1 ==> QUERY
                EXPLAIN VERBOSE SELECT 1 ==> QUERY
                EXPLAIN (FORMAT JSON) SELECT 1 ==> QUERY
                EXPLAIN (COSTS OFF, VERBOSE) UPDATE t SET a = 1 ==> QUERY
                EXPLAIN DELETE FROM t ==> QUERY
                EXPLAIN ANALYZE SELECT 1 ==> OTHER
                EXPLAIN ANALYZE VERBOSE SELECT 1 ==> OTHER
                explain analyse select 1 ==> OTHER
                EXPLAIN (ANALYZE, BUFFERS) DELETE FROM t ==> OTHER
                EXPLAIN (FORMAT JSON, ANALYZE true) SELECT 1 ==> OTHER
                SELECT * INTO newtable FROM t ==> OTHER
                SELECT a INTO TEMP x FROM t ==> OTHER
                SELECT 'INTO' FROM t ==> QUERY
                SELECT "into" FROM t ==> QUERY
                SELECT * FROM t FOR UPDATE ==> QUERY
                SELECT count(*) FROM (SELECT 1) s ==> QUERY
                """);
    }

    static Stream<Arguments> transactions() {
        return CaseTable.parse("""
                BEGIN ==> TX:BEGIN
                begin; ==> TX:BEGIN
                BEGIN WORK ==> TX:BEGIN
                BEGIN TRANSACTION ==> TX:BEGIN
                BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY ==> TX:BEGIN
                START TRANSACTION ==> TX:BEGIN
                START TRANSACTION READ ONLY ==> TX:BEGIN
                COMMIT ==> TX:COMMIT
                commit work ==> TX:COMMIT
                COMMIT TRANSACTION ==> TX:COMMIT
                COMMIT AND CHAIN ==> TX:COMMIT
                END ==> TX:COMMIT
                END TRANSACTION ==> TX:COMMIT
                ROLLBACK ==> TX:ROLLBACK
                ROLLBACK WORK ==> TX:ROLLBACK
                ROLLBACK AND NO CHAIN ==> TX:ROLLBACK
                ABORT ==> TX:ROLLBACK
                ABORT WORK ==> TX:ROLLBACK
                ROLLBACK TO SAVEPOINT sp1 ==> TX:ROLLBACK_TO_SAVEPOINT
                ROLLBACK TO sp1 ==> TX:ROLLBACK_TO_SAVEPOINT
                ROLLBACK WORK TO SAVEPOINT sp1 ==> TX:ROLLBACK_TO_SAVEPOINT
                ROLLBACK TRANSACTION TO sp1 ==> TX:ROLLBACK_TO_SAVEPOINT
                SAVEPOINT sp1 ==> TX:SAVEPOINT
                RELEASE SAVEPOINT sp1 ==> TX:RELEASE_SAVEPOINT
                RELEASE sp1 ==> TX:RELEASE_SAVEPOINT
                PREPARE TRANSACTION 'foo' ==> TX:OTHER
                COMMIT PREPARED 'foo' ==> TX:OTHER
                ROLLBACK PREPARED 'foo' ==> TX:OTHER
                SET TRANSACTION ISOLATION LEVEL READ COMMITTED ==> TX:OTHER
                SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY ==> TX:OTHER
                START ==> OTHER
                XA START 'x' ==> OTHER
                UNLOCK TABLES ==> OTHER
                """);
    }

    static Stream<Arguments> settings() {
        return CaseTable.parse("""
                SET lock_timeout = '5s' ==> SET
                SET LOCAL lock_timeout TO '5s' ==> SET
                SET SESSION statement_timeout = 0 ==> SET
                set search_path to public, "$user" ==> SET
                SET ROLE admin ==> SET
                SET TIME ZONE 'UTC' ==> SET
                SET CONSTRAINTS ALL DEFERRED ==> SET
                RESET lock_timeout ==> SET
                RESET ALL ==> SET
                /* c */ SET x = 1; -- d ==> SET ;; EMPTY
                """);
    }

    static Stream<Arguments> ddl() {
        return CaseTable.parse("""
                // CREATE TABLE and name folding
                CREATE TABLE users (id int) ==> DDL:CREATE_TABLE target=users
                create table users (id int) ==> DDL:CREATE_TABLE target=users
                CREATE TABLE IF NOT EXISTS public.users (id int) ==> DDL:CREATE_TABLE target=public.users tschema=public tname=users
                CREATE TABLE "Users" (id int) ==> DDL:CREATE_TABLE target="Users" tname=Users
                CREATE TABLE public."Users" (id int) ==> DDL:CREATE_TABLE target=public."Users" tschema=public tname=Users
                CREATE TABLE Public.Users (id int) ==> DDL:CREATE_TABLE target=Public.Users tschema=public tname=users
                CREATE TABLE "My""Table" (id int) ==> DDL:CREATE_TABLE target="My""Table" tname=My"Table
                CREATE TABLE "a.b" (id int) ==> DDL:CREATE_TABLE target="a.b" tname=a.b
                CREATE TABLE "S"."T" (id int) ==> DDL:CREATE_TABLE target="S"."T" tschema=S tname=T
                CREATE TABLE db.s.t (id int) ==> DDL:CREATE_TABLE target=db.s.t tschema=s tname=t
                CREATE TABLE ÜberTafel (id int) ==> DDL:CREATE_TABLE target=ÜberTafel tname=Übertafel
                CREATE TABLE t$1 (id int) ==> DDL:CREATE_TABLE target=t$1
                CREATE TEMP TABLE t (id int) ==> DDL:CREATE_TABLE target=t
                CREATE TEMPORARY TABLE t (id int) ==> DDL:CREATE_TABLE target=t
                CREATE UNLOGGED TABLE t (id int) ==> DDL:CREATE_TABLE target=t
                CREATE GLOBAL TEMPORARY TABLE t (id int) ==> DDL:CREATE_TABLE target=t
                CREATE LOCAL TEMP TABLE t (id int) ==> DDL:CREATE_TABLE target=t
                CREATE TABLE t AS SELECT 1 ==> DDL:CREATE_TABLE target=t
                CREATE TABLE t PARTITION OF p FOR VALUES FROM (1) TO (10) ==> DDL:CREATE_TABLE target=t
                CREATE TABLE t (a text DEFAULT 'x;y') ==> DDL:CREATE_TABLE target=t
                CREATE FOREIGN TABLE ft (a int) SERVER s ==> DDL:CREATE_OTHER target=ft
                // indexes
                CREATE INDEX idx ON t (a) ==> DDL:CREATE_INDEX index=idx target=t
                CREATE UNIQUE INDEX idx ON t (a) ==> DDL:CREATE_INDEX index=idx target=t
                CREATE INDEX CONCURRENTLY idx ON t (a) ==> DDL:CREATE_INDEX index=idx target=t concurrently
                create unique index concurrently if not exists idx on only public.t using btree (a) ==> DDL:CREATE_INDEX index=idx target=public.t tschema=public tname=t concurrently
                CREATE INDEX ON t (a) ==> DDL:CREATE_INDEX target=t
                CREATE INDEX CONCURRENTLY ON "T" (a) ==> DDL:CREATE_INDEX target="T" tname=T concurrently
                CREATE INDEX "Idx" ON t (a) ==> DDL:CREATE_INDEX index="Idx" iname=Idx target=t
                CREATE INDEX idx ON t USING gin (a) WHERE a IS NOT NULL ==> DDL:CREATE_INDEX index=idx target=t
                CREATE INDEX idx ON s.t ((lower(a))) INCLUDE (b) ==> DDL:CREATE_INDEX index=idx target=s.t
                ALTER INDEX idx RENAME TO idx2 ==> DDL:ALTER_INDEX index=idx
                ALTER INDEX IF EXISTS s.idx SET TABLESPACE x ==> DDL:ALTER_INDEX index=s.idx ischema=s iname=idx
                ALTER INDEX ALL IN TABLESPACE a SET TABLESPACE b ==> DDL:ALTER_INDEX
                DROP INDEX idx ==> DDL:DROP_INDEX index=idx
                DROP INDEX CONCURRENTLY IF EXISTS public.idx ==> DDL:DROP_INDEX index=public.idx concurrently
                DROP INDEX "Idx", b CASCADE ==> DDL:DROP_INDEX index="Idx" iname=Idx
                REINDEX INDEX idx ==> DDL:REINDEX index=idx
                REINDEX INDEX CONCURRENTLY idx ==> DDL:REINDEX index=idx concurrently
                REINDEX (VERBOSE) TABLE CONCURRENTLY public.t ==> DDL:REINDEX target=public.t concurrently
                REINDEX (CONCURRENTLY, VERBOSE) INDEX i ==> DDL:REINDEX index=i
                REINDEX TABLE t ==> DDL:REINDEX target=t
                REINDEX SCHEMA s ==> DDL:REINDEX target=s
                REINDEX DATABASE ==> DDL:REINDEX
                // views
                CREATE VIEW v AS SELECT 1 ==> DDL:CREATE_VIEW target=v
                CREATE OR REPLACE VIEW v AS SELECT 1 ==> DDL:CREATE_VIEW target=v
                CREATE OR REPLACE TEMP VIEW v AS SELECT 1 ==> DDL:CREATE_VIEW target=v
                CREATE RECURSIVE VIEW v (n) AS VALUES (1) ==> DDL:CREATE_VIEW target=v
                CREATE MATERIALIZED VIEW mv AS SELECT 1 ==> DDL:CREATE_MATERIALIZED_VIEW target=mv
                CREATE MATERIALIZED VIEW IF NOT EXISTS s.mv AS SELECT 1 ==> DDL:CREATE_MATERIALIZED_VIEW target=s.mv
                ALTER VIEW v RENAME TO w ==> DDL:ALTER_OTHER target=v
                ALTER MATERIALIZED VIEW mv RENAME TO w ==> DDL:ALTER_OTHER target=mv
                DROP VIEW v ==> DDL:DROP_VIEW target=v
                DROP VIEW IF EXISTS a, b ==> DDL:DROP_VIEW target=a
                DROP MATERIALIZED VIEW IF EXISTS mv ==> DDL:DROP_VIEW target=mv
                REFRESH MATERIALIZED VIEW mv ==> DDL:REFRESH_MATERIALIZED_VIEW target=mv
                REFRESH MATERIALIZED VIEW CONCURRENTLY s.mv WITH DATA ==> DDL:REFRESH_MATERIALIZED_VIEW target=s.mv concurrently
                // triggers
                CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f() ==> DDL:CREATE_TRIGGER target=t
                CREATE OR REPLACE TRIGGER trg AFTER INSERT OR UPDATE OF a, b ON public.t FOR EACH ROW EXECUTE FUNCTION f() ==> DDL:CREATE_TRIGGER target=public.t
                CREATE CONSTRAINT TRIGGER trg AFTER INSERT ON t DEFERRABLE FOR EACH ROW EXECUTE FUNCTION f() ==> DDL:CREATE_TRIGGER target=t
                CREATE TRIGGER trg INSTEAD OF DELETE ON "V" FOR EACH ROW EXECUTE PROCEDURE f() ==> DDL:CREATE_TRIGGER target="V" tname=V
                CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION f() ==> DDL:CREATE_OTHER target=et
                DROP TRIGGER trg ON t ==> DDL:DROP_TRIGGER target=t
                DROP TRIGGER IF EXISTS trg ON s.t CASCADE ==> DDL:DROP_TRIGGER target=s.t
                // ALTER / DROP TABLE, TRUNCATE
                ALTER TABLE t ADD COLUMN c int ==> DDL:ALTER_TABLE target=t
                ALTER TABLE IF EXISTS ONLY public.t DROP COLUMN c ==> DDL:ALTER_TABLE target=public.t
                ALTER TABLE t RENAME TO u ==> DDL:ALTER_TABLE target=t
                ALTER TABLE t RENAME COLUMN a TO b ==> DDL:ALTER_TABLE target=t
                ALTER TABLE "T" ALTER COLUMN c SET NOT NULL ==> DDL:ALTER_TABLE target="T" tname=T
                ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) NOT VALID ==> DDL:ALTER_TABLE target=t
                ALTER TABLE t VALIDATE CONSTRAINT fk ==> DDL:ALTER_TABLE target=t
                ALTER TABLE t ALTER COLUMN c SET DEFAULT 'a;b' ==> DDL:ALTER_TABLE target=t
                ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b ==> DDL:ALTER_TABLE
                ALTER TABLE t* ADD COLUMN c int ==> DDL:ALTER_TABLE target=t
                DROP TABLE t ==> DDL:DROP_TABLE target=t
                DROP TABLE IF EXISTS a, b CASCADE ==> DDL:DROP_TABLE target=a
                DROP TABLE "A", b ==> DDL:DROP_TABLE target="A" tname=A
                TRUNCATE t ==> DDL:TRUNCATE target=t
                TRUNCATE TABLE ONLY public.t RESTART IDENTITY ==> DDL:TRUNCATE target=public.t
                TRUNCATE a, b CASCADE ==> DDL:TRUNCATE target=a
                // other objects
                CREATE SCHEMA IF NOT EXISTS app ==> DDL:CREATE_OTHER target=app
                CREATE SCHEMA AUTHORIZATION joe ==> DDL:CREATE_OTHER
                CREATE SEQUENCE s START 1 ==> DDL:CREATE_OTHER target=s
                CREATE TEMP SEQUENCE s ==> DDL:CREATE_OTHER target=s
                CREATE EXTENSION IF NOT EXISTS pg_trgm ==> DDL:CREATE_OTHER target=pg_trgm
                CREATE EXTENSION "uuid-ossp" ==> DDL:CREATE_OTHER target="uuid-ossp" tname=uuid-ossp
                CREATE TYPE mood AS ENUM ('a', 'b;c') ==> DDL:CREATE_OTHER target=mood
                CREATE DOMAIN d AS int ==> DDL:CREATE_OTHER target=d
                CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql ==> DDL:CREATE_OTHER target=f
                CREATE OR REPLACE FUNCTION public.f(a int) RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN RETURN a; END; $fn$ ==> DDL:CREATE_OTHER target=public.f
                CREATE ROLE r ==> DDL:CREATE_OTHER target=r
                CREATE POLICY p ON t USING (true) ==> DDL:CREATE_OTHER target=p
                CREATE CAST (int AS text) WITH INOUT ==> DDL:CREATE_OTHER
                CREATE TEXT SEARCH CONFIGURATION x (COPY = english) ==> DDL:CREATE_OTHER
                CREATE DATABASE foo ==> DDL:CREATE_OTHER target=foo
                CREATE ==> DDL:CREATE_OTHER
                ALTER SEQUENCE s RESTART ==> DDL:ALTER_OTHER target=s
                ALTER TYPE mood ADD VALUE 'c' ==> DDL:ALTER_OTHER target=mood
                ALTER SCHEMA a RENAME TO b ==> DDL:ALTER_OTHER target=a
                ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO r ==> DDL:ALTER_OTHER
                ALTER SYSTEM SET x = 1 ==> DDL:ALTER_OTHER
                ALTER FUNCTION IF EXISTS f(int) OWNER TO r ==> DDL:ALTER_OTHER target=f
                DROP SCHEMA s CASCADE ==> DDL:DROP_OTHER target=s
                DROP FUNCTION IF EXISTS f(int) ==> DDL:DROP_OTHER target=f
                DROP SEQUENCE s ==> DDL:DROP_OTHER target=s
                DROP EXTENSION IF EXISTS x ==> DDL:DROP_OTHER target=x
                DROP OWNED BY r ==> DDL:DROP_OTHER
                // COMMENT, GRANT, LOCK, maintenance
                COMMENT ON TABLE t IS 'x;y' ==> DDL:COMMENT target=t
                COMMENT ON COLUMN s.t.c IS 'x' ==> DDL:COMMENT target=s.t tschema=s tname=t
                COMMENT ON COLUMN t.c IS NULL ==> DDL:COMMENT target=t
                COMMENT ON INDEX idx IS 'x' ==> DDL:COMMENT
                COMMENT ON MATERIALIZED VIEW mv IS 'x' ==> DDL:COMMENT target=mv
                GRANT SELECT ON t TO r ==> DDL:GRANT target=t
                GRANT SELECT, INSERT ON TABLE public.t TO r ==> DDL:GRANT target=public.t
                GRANT SELECT (a, b) ON t TO r ==> DDL:GRANT target=t
                GRANT USAGE ON SCHEMA s TO r ==> DDL:GRANT
                GRANT SELECT ON ALL TABLES IN SCHEMA s TO r ==> DDL:GRANT
                GRANT r TO u ==> DDL:GRANT
                REVOKE ALL ON t FROM r ==> DDL:REVOKE target=t
                REVOKE GRANT OPTION FOR SELECT ON t FROM r ==> DDL:REVOKE target=t
                LOCK TABLE t IN ACCESS EXCLUSIVE MODE ==> DDL:LOCK_TABLE target=t
                LOCK t ==> DDL:LOCK_TABLE target=t
                LOCK TABLE ONLY s.t NOWAIT ==> DDL:LOCK_TABLE target=s.t
                VACUUM ==> DDL:VACUUM
                VACUUM FULL ANALYZE t ==> DDL:VACUUM target=t
                VACUUM (VERBOSE, ANALYZE) public.t ==> DDL:VACUUM target=public.t
                CLUSTER ==> DDL:CLUSTER
                CLUSTER t USING idx ==> DDL:CLUSTER target=t
                CLUSTER VERBOSE t ==> DDL:CLUSTER target=t
                CLUSTER idx ON t ==> DDL:CLUSTER target=t
                ANALYZE ==> DDL:ANALYZE
                ANALYZE t ==> DDL:ANALYZE target=t
                ANALYSE VERBOSE t (a, b) ==> DDL:ANALYZE target=t
                ANALYZE (SKIP_LOCKED) t ==> DDL:ANALYZE target=t
                RENAME TABLE a TO b ==> OTHER
                """);
    }

    static Stream<Arguments> dml() {
        return CaseTable.parse("""
                INSERT INTO t VALUES (1) ==> DML:INSERT_VALUES target=t
                INSERT INTO t (a, b) VALUES (1, 2) ==> DML:INSERT_VALUES target=t
                INSERT INTO t DEFAULT VALUES ==> DML:INSERT_VALUES target=t
                INSERT INTO t SELECT * FROM u ==> DML:INSERT_SELECT target=t
                INSERT INTO t (a) SELECT a FROM u WHERE b ==> DML:INSERT_SELECT target=t where
                INSERT INTO t (SELECT * FROM u) ==> DML:INSERT_SELECT target=t
                INSERT INTO t ((SELECT 1) UNION (SELECT 2)) ==> DML:INSERT_SELECT target=t
                INSERT INTO t (a) (SELECT 1) ==> DML:INSERT_SELECT target=t
                INSERT INTO t (VALUES (1)) ==> DML:INSERT_VALUES target=t
                INSERT INTO t TABLE u ==> DML:INSERT_SELECT target=t
                INSERT INTO t WITH x AS (SELECT 1) SELECT * FROM x ==> DML:INSERT_SELECT target=t
                INSERT INTO t AS x (a) VALUES (1) ON CONFLICT (a) DO NOTHING ==> DML:INSERT_VALUES target=t
                INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 2 WHERE t.c ==> DML:INSERT_VALUES target=t where
                INSERT INTO t (a) OVERRIDING SYSTEM VALUE VALUES (1) ==> DML:INSERT_VALUES target=t
                INSERT INTO t (a) OVERRIDING USER VALUE SELECT 1 ==> DML:INSERT_SELECT target=t
                INSERT INTO t VALUES (1) RETURNING id ==> DML:INSERT_VALUES target=t returning
                INSERT INTO "S"."T" VALUES (1) ==> DML:INSERT_VALUES target="S"."T" tschema=S tname=T
                insert into t values ('a;b') ==> DML:INSERT_VALUES target=t
                INSERT INTO t VALUES ((SELECT 1 WHERE true)) ==> DML:INSERT_VALUES target=t
                WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x ==> DML:INSERT_SELECT target=t
                WITH x AS (SELECT 1) INSERT INTO t VALUES (1) RETURNING id ==> DML:INSERT_VALUES target=t returning
                UPDATE t SET a = 1 ==> DML:UPDATE target=t
                UPDATE t SET a = 1 WHERE id = 2 ==> DML:UPDATE target=t where
                UPDATE ONLY t AS x SET a = 1 WHERE x.id = 2 RETURNING * ==> DML:UPDATE target=t where returning
                UPDATE t x SET a = 1 ==> DML:UPDATE target=t
                UPDATE public."Accounts" SET a = 1 ==> DML:UPDATE target=public."Accounts" tschema=public tname=Accounts
                UPDATE t SET a = (SELECT b FROM u WHERE u.id = t.id) ==> DML:UPDATE target=t
                UPDATE t SET a = 1 FROM u WHERE t.id = u.id ==> DML:UPDATE target=t where
                UPDATE t SET "where" = 1 ==> DML:UPDATE target=t
                UPDATE t SET a = 'WHERE' ==> DML:UPDATE target=t
                UPDATE t SET a = $$ WHERE $$ ==> DML:UPDATE target=t
                UPDATE t SET a = 1 -- WHERE id = 1 ==> DML:UPDATE target=t
                UPDATE t SET a = 1 /* WHERE id = 1 */ ==> DML:UPDATE target=t
                UPDATE t SET a = 1 WHERE id IN (SELECT id FROM t LIMIT 10) ==> DML:UPDATE target=t where
                WITH x AS (SELECT id FROM t) UPDATE t SET a = 1 FROM x WHERE t.id = x.id ==> DML:UPDATE target=t where
                DELETE FROM t ==> DML:DELETE target=t
                delete from t where id = 1 ==> DML:DELETE target=t where
                DELETE FROM ONLY s.t WHERE id IN (SELECT id FROM u LIMIT 10) RETURNING id ==> DML:DELETE target=s.t where returning
                DELETE FROM t USING u WHERE t.id = u.id ==> DML:DELETE target=t where
                DELETE FROM t AS x WHERE x.a ==> DML:DELETE target=t where
                WITH x AS (SELECT 1) DELETE FROM t WHERE id IN (SELECT * FROM x) ==> DML:DELETE target=t where
                MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a ==> DML:MERGE target=t
                MERGE INTO public.t AS x USING s ON x.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id) ==> DML:MERGE target=public.t
                MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE RETURNING * ==> DML:MERGE target=t returning
                """);
    }

    static Stream<Arguments> other() {
        return CaseTable.parse("""
                DO $$ BEGIN RAISE NOTICE 'x;'; END $$ ==> OTHER
                DO 'BEGIN NULL; END' ==> OTHER
                CALL p(1) ==> OTHER
                COPY t FROM STDIN ==> OTHER
                COPY (SELECT 1) TO STDOUT ==> OTHER
                LISTEN chan ==> OTHER
                NOTIFY chan, 'a;b' ==> OTHER
                DISCARD ALL ==> OTHER
                CHECKPOINT ==> OTHER
                PREPARE q AS SELECT 1 ==> OTHER
                EXECUTE q ==> OTHER
                DEALLOCATE q ==> OTHER
                foo bar ==> OTHER
                123 ==> OTHER
                'str' ==> OTHER
                "select" 1 ==> OTHER
                REPLACE INTO t VALUES (1) ==> OTHER
                ) SELECT 1 ==> OTHER
                $1 ==> OTHER
                """);
    }
}
