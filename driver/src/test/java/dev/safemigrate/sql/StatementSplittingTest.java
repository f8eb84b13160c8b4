package dev.safemigrate.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** Exact texts and offsets of split statements, and realistic migration scripts end to end. */
class StatementSplittingTest {
    private static final StatementClassifier PG = new StatementClassifier(Dialect.POSTGRESQL);
    private static final StatementClassifier MY = new StatementClassifier(Dialect.MYSQL);

    @Test
    void emptyInputHasNoStatements() {
        ParsedSql parsed = PG.parse("");
        assertThat(parsed.statements()).isEmpty();
        assertThat(parsed.statementCount()).isZero();
        assertThat(parsed.first()).isNull();
        assertThat(MY.parse("").statements()).isEmpty();
    }

    @Test
    void whitespaceOnlyIsOneEmptyPiece() {
        ParsedSql parsed = PG.parse("  \n\t");
        assertThat(parsed.statements()).extracting(SqlStatement::text, SqlStatement::start, SqlStatement::kind)
                .containsExactly(tuple("  \n\t", 0, StatementKind.EMPTY));
        assertThat(parsed.statementCount()).isZero();
    }

    @Test
    void leadingCommentsBelongToTheFollowingStatementAndTrailingOnesFormAnEmptyPiece() {
        String sql = "SELECT 1;  -- one\n/* two */ SELECT 2;\n-- end\n";
        ParsedSql parsed = PG.parse(sql);
        assertThat(parsed.statements()).extracting(SqlStatement::text, SqlStatement::start, SqlStatement::kind)
                .containsExactly(
                        tuple("SELECT 1;", 0, StatementKind.QUERY),
                        tuple("  -- one\n/* two */ SELECT 2;", 9, StatementKind.QUERY),
                        tuple("\n-- end\n", 37, StatementKind.EMPTY));
        assertThat(parsed.statementCount()).isEqualTo(2);
        assertThat(parsed.first().text()).isEqualTo("SELECT 1;");
    }

    @Test
    void lastStatementWithoutSemicolonKeepsItsTrailingComment() {
        String sql = "SELECT 1; UPDATE t SET a = 1 -- done";
        assertThat(PG.parse(sql).statements()).extracting(SqlStatement::text, SqlStatement::start)
                .containsExactly(tuple("SELECT 1;", 0), tuple(" UPDATE t SET a = 1 -- done", 9));
    }

    @Test
    void loneSemicolonsAreEmptyStatements() {
        assertThat(MY.parse(";\n;").statements()).extracting(SqlStatement::text, SqlStatement::kind)
                .containsExactly(tuple(";", StatementKind.EMPTY), tuple("\n;", StatementKind.EMPTY));
    }

    @Test
    void sameTextSplitsDifferentlyPerDialect() {
        // PG comments nest, MySQL's do not
        String nested = "SELECT 1 /* /* */ ; SELECT 2 */; SELECT 3";
        assertThat(PG.parse(nested).statementCount()).isEqualTo(2);
        assertThat(MY.parse(nested).statementCount()).isEqualTo(3);
        // backslash escapes the quote in MySQL, not in a PG standard string
        String backslash = "SELECT 'a\\'; SELECT 2; SELECT 'b'";
        assertThat(PG.parse(backslash).statementCount()).isEqualTo(3);
        assertThat(MY.parse(backslash).statementCount()).isEqualTo(1);
        // "…" is an identifier in PG (no backslash escape) and a string in MySQL (with one)
        String dq = "SELECT \"a\\\"; SELECT 2; SELECT \"b\"";
        assertThat(PG.parse(dq).statementCount()).isEqualTo(3);
        assertThat(MY.parse(dq).statementCount()).isEqualTo(1);
        // # is an operator in PG, a comment in MySQL
        String hash = "SELECT 1 #; SELECT 2\n; SELECT 3";
        assertThat(PG.parse(hash).statementCount()).isEqualTo(3);
        assertThat(MY.parse(hash).statementCount()).isEqualTo(2);
        // $$ quotes in PG only
        String dollar = "SELECT $$;$$; SELECT 2";
        assertThat(PG.parse(dollar).statementCount()).isEqualTo(2);
        assertThat(MY.parse(dollar).statementCount()).isEqualTo(3);
        // an executable comment is code in MySQL only
        String exec = "/*!40101 DROP TABLE t */";
        assertThat(PG.parse(exec).first()).isNull();
        assertThat(MY.parse(exec).first().ddlKind()).isEqualTo(DdlKind.DROP_TABLE);
    }

    @Test
    void flywayStylePostgresMigration() {
        String sql = """
                -- V42__add_orders.sql
                /*
                 * Orders table. /* nested note */ Do not edit after release; really.
                 */
                SET lock_timeout = '5s';
                CREATE TABLE IF NOT EXISTS app."Orders" (
                    id bigserial PRIMARY KEY,
                    note text DEFAULT 'n/a; -- not a comment',
                    status text NOT NULL DEFAULT E'new\\'s'
                );
                COMMENT ON TABLE app."Orders" IS 'Customer orders; one row per order';
                CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON app."Orders" (status);
                CREATE OR REPLACE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.updated_at := now(); -- keep; it
                    RETURN NEW;
                END;
                $$;
                CREATE TRIGGER orders_touch BEFORE UPDATE ON app."Orders"
                    FOR EACH ROW EXECUTE FUNCTION app.touch();
                CREATE FUNCTION app.order_count() RETURNS bigint LANGUAGE sql
                BEGIN ATOMIC
                    SELECT count(*) FROM app."Orders";
                END;
                INSERT INTO app."Orders" (note) VALUES ('first'), ('second') RETURNING id;
                UPDATE app."Orders" SET status = 'old' WHERE id < 10;
                ALTER TABLE app."Orders" ADD CONSTRAINT orders_status_chk CHECK (status <> '') NOT VALID;
                DROP INDEX CONCURRENTLY IF EXISTS app.old_idx;
                """;
        ParsedSql parsed = PG.parse(sql);
        assertThat(parsed.statements())
                .extracting(SqlStatement::kind, s -> s.ddlKind() != null ? s.ddlKind().name()
                        : s.dmlKind() != null ? s.dmlKind().name() : "-", s -> String.valueOf(s.target()))
                .containsExactly(
                        tuple(StatementKind.SET, "-", "null"),
                        tuple(StatementKind.DDL, "CREATE_TABLE", "app.\"Orders\""),
                        tuple(StatementKind.DDL, "COMMENT", "app.\"Orders\""),
                        tuple(StatementKind.DDL, "CREATE_INDEX", "app.\"Orders\""),
                        tuple(StatementKind.DDL, "CREATE_OTHER", "app.touch"),
                        tuple(StatementKind.DDL, "CREATE_TRIGGER", "app.\"Orders\""),
                        tuple(StatementKind.DDL, "CREATE_OTHER", "app.order_count"),
                        tuple(StatementKind.DML, "INSERT_VALUES", "app.\"Orders\""),
                        tuple(StatementKind.DML, "UPDATE", "app.\"Orders\""),
                        tuple(StatementKind.DDL, "ALTER_TABLE", "app.\"Orders\""),
                        tuple(StatementKind.DDL, "DROP_INDEX", "null"),
                        tuple(StatementKind.EMPTY, "-", "null"));
        SqlStatement create = parsed.statements().get(1);
        assertThat(parsed.statements().get(0).text()).startsWith("-- V42__add_orders.sql\n/*").endsWith("'5s';");
        assertThat(create.text()).startsWith("\nCREATE TABLE").endsWith(");");
        assertThat(create.target().schema()).isEqualTo("app");
        assertThat(create.target().name()).isEqualTo("Orders");
        SqlStatement index = parsed.statements().get(3);
        assertThat(index.concurrently()).isTrue();
        assertThat(index.index().name()).isEqualTo("orders_status_idx");
        assertThat(parsed.statements().get(7).hasReturning()).isTrue();
        assertThat(parsed.statements().get(8).hasWhere()).isTrue();
        assertThat(parsed.statements().get(10).index().sql()).isEqualTo("app.old_idx");
        assertThat(parsed.containsDdl()).isTrue();
        assertThat(parsed.containsTransactionControl()).isFalse();
        assertThat(parsed.returnsRows()).isTrue(); // INSERT … RETURNING
        assertThat(parsed.statementCount()).isEqualTo(11);
    }

    @Test
    void flywayStyleMySqlMigration() {
        String sql = """
                # V7__users.sql
                -- MySQL 8 migration
                CREATE TABLE IF NOT EXISTS `users` (
                  `id` BIGINT NOT NULL AUTO_INCREMENT,
                  `name` VARCHAR(100) NOT NULL DEFAULT 'it\\'s; fine',
                  `bio` TEXT COMMENT "a \\"quoted\\"; comment",
                  PRIMARY KEY (`id`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
                ALTER TABLE `users` ADD INDEX `idx_name` (`name`), ALGORITHM=INPLACE, LOCK=NONE;
                CREATE DEFINER=`admin`@`%` TRIGGER `users_bi` BEFORE INSERT ON `users` FOR EACH ROW
                BEGIN
                  IF NEW.`name` = '' THEN
                    SET NEW.`name` = 'anonymous';
                  END IF;
                END;
                CREATE PROCEDURE `purge_users`(IN days INT)
                BEGIN
                  DECLARE done INT DEFAULT 0;
                  WHILE done = 0 DO
                    DELETE FROM `users` WHERE created < NOW() - INTERVAL days DAY LIMIT 1000;
                    IF ROW_COUNT() = 0 THEN SET done = 1; END IF;
                  END WHILE;
                END;
                UPDATE `users` SET `name` = TRIM(`name`) WHERE `id` > 0 LIMIT 500;
                RENAME TABLE `users` TO `app_users`;
                """;
        ParsedSql parsed = MY.parse(sql);
        assertThat(parsed.statements())
                .extracting(SqlStatement::kind, s -> s.ddlKind() != null ? s.ddlKind().name()
                        : s.dmlKind() != null ? s.dmlKind().name() : "-", s -> String.valueOf(s.target()))
                .containsExactly(
                        tuple(StatementKind.DDL, "CREATE_TABLE", "`users`"),
                        tuple(StatementKind.DDL, "ALTER_TABLE", "`users`"),
                        tuple(StatementKind.DDL, "CREATE_TRIGGER", "`users`"),
                        tuple(StatementKind.DDL, "CREATE_OTHER", "`purge_users`"),
                        tuple(StatementKind.DML, "UPDATE", "`users`"),
                        tuple(StatementKind.DDL, "RENAME_TABLE", "`users`"),
                        tuple(StatementKind.EMPTY, "-", "null"));
        SqlStatement update = parsed.statements().get(4);
        assertThat(update.hasWhere()).isTrue();
        assertThat(update.hasLimit()).isTrue();
        assertThat(parsed.statements().get(3).text()).contains("END WHILE;").endsWith("END;");
        assertThat(parsed.statements().get(0).target().name()).isEqualTo("users");
    }

    @Test
    void mysqldumpHeaderAndTable() {
        String sql = """
                -- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
                --
                -- Host: localhost    Database: shop
                -- ------------------------------------------------------
                -- Server version\t8.0.36

                /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
                /*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
                /*!50503 SET NAMES utf8mb4 */;
                /*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
                /*!40103 SET TIME_ZONE='+00:00' */;
                /*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
                /*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

                --
                -- Table structure for table `orders`
                --

                DROP TABLE IF EXISTS `orders`;
                /*!40101 SET @saved_cs_client     = @@character_set_client */;
                /*!50503 SET character_set_client = utf8mb4 */;
                CREATE TABLE `orders` (
                  `id` int NOT NULL AUTO_INCREMENT,
                  `note` varchar(255) DEFAULT NULL,
                  PRIMARY KEY (`id`)
                ) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
                /*!40101 SET character_set_client = @saved_cs_client */;

                LOCK TABLES `orders` WRITE;
                /*!40000 ALTER TABLE `orders` DISABLE KEYS */;
                INSERT INTO `orders` VALUES (1,'a;b'),(2,'it\\'s /* not */ -- fine');
                /*!40000 ALTER TABLE `orders` ENABLE KEYS */;
                UNLOCK TABLES;
                /*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

                -- Dump completed on 2024-01-01 10:00:00
                """;
        ParsedSql parsed = MY.parse(sql);
        assertThat(parsed.statements()).extracting(SqlStatement::kind).containsExactly(
                StatementKind.SET, StatementKind.SET, StatementKind.SET, StatementKind.SET, StatementKind.SET,
                StatementKind.SET, StatementKind.SET,
                StatementKind.DDL, StatementKind.SET, StatementKind.SET, StatementKind.DDL, StatementKind.SET,
                StatementKind.TRANSACTION, StatementKind.DDL, StatementKind.DML, StatementKind.DDL,
                StatementKind.TRANSACTION, StatementKind.SET, StatementKind.EMPTY);
        assertThat(parsed.statements().get(0).text()).startsWith("-- MySQL dump");
        assertThat(parsed.statements().get(7).ddlKind()).isEqualTo(DdlKind.DROP_TABLE);
        assertThat(parsed.statements().get(10).ddlKind()).isEqualTo(DdlKind.CREATE_TABLE);
        assertThat(parsed.statements().get(13).ddlKind()).isEqualTo(DdlKind.ALTER_TABLE);
        assertThat(parsed.statements().get(13).target().name()).isEqualTo("orders");
        assertThat(parsed.statements().get(14).dmlKind()).isEqualTo(DmlKind.INSERT_VALUES);
        assertThat(parsed.statements().get(12).transactionKind()).isEqualTo(TransactionKind.OTHER);
        assertThat(parsed.containsTransactionControl()).isTrue();
    }

    @Test
    void nameFoldingKeepsTheTextAsWritten() {
        QualifiedName pg = PG.parse("ALTER TABLE  Public . \"Mixed\"\"Case\" ADD c int").first().target();
        assertThat(pg.schema()).isEqualTo("public");
        assertThat(pg.name()).isEqualTo("Mixed\"Case");
        assertThat(pg.sql()).isEqualTo("Public . \"Mixed\"\"Case\"");
        QualifiedName my = MY.parse("ALTER TABLE `My``Db`.Orders ADD c int").first().target();
        assertThat(my.schema()).isEqualTo("My`Db");
        assertThat(my.name()).isEqualTo("Orders");
        assertThat(my.sql()).isEqualTo("`My``Db`.Orders");
    }

    @Test
    void returnsRowsFollowsKind() {
        assertThat(PG.parse("SELECT 1").returnsRows()).isTrue();
        assertThat(PG.parse("UPDATE t SET a = 1").returnsRows()).isFalse();
        assertThat(PG.parse("UPDATE t SET a = 1 RETURNING a").returnsRows()).isTrue();
        assertThat(PG.parse("CREATE TABLE t (a int); DROP TABLE u").returnsRows()).isFalse();
        assertThat(PG.parse("DO $$ $$").containsOther()).isTrue();
    }
}
