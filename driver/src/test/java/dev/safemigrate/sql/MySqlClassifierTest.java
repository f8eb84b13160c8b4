package dev.safemigrate.sql;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven MySQL/MariaDB cases; the format is described in {@link CaseTable}. */
class MySqlClassifierTest {

    @ParameterizedTest(name = "{0}  ==>  {1}")
    @MethodSource({"quoting", "executableComments", "splitting", "routines", "queries", "transactions", "settings",
            "ddl", "dml", "other"})
    void classifies(String sql, String expected) {
        CaseTable.check(Dialect.MYSQL, sql, expected);
    }

    static Stream<Arguments> quoting() {
        // note: inside these Java text blocks "\\" is one backslash
        return CaseTable.parse("""
                SELECT 'a;b'; SELECT 2 ==> QUERY ;; QUERY
                SELECT "a;b"; SELECT 2 ==> QUERY ;; QUERY
                SELECT 'it\\'s;'; SELECT 2 ==> QUERY ;; QUERY
                SELECT 'a''b;'; SELECT 2 ==> QUERY ;; QUERY
                SELECT '\\\\'; SELECT 2 ==> QUERY ;; QUERY
                SELECT '\\''; SELECT 2 ==> QUERY ;; QUERY
                SELECT '\\'; SELECT 2 ==> QUERY
                SELECT "\\";"; SELECT 2 ==> QUERY ;; QUERY
                SELECT "a""b;"; SELECT 2 ==> QUERY ;; QUERY
                SELECT "'"; SELECT "'" ==> QUERY ;; QUERY
                SELECT '"'; SELECT '"' ==> QUERY ;; QUERY
                SELECT _utf8mb4'a;b' COLLATE utf8mb4_bin; SELECT 2 ==> QUERY ;; QUERY
                SELECT X'3B', N'a;b'; SELECT 2 ==> QUERY ;; QUERY
                SELECT `a;b` FROM t; SELECT 2 ==> QUERY ;; QUERY
                SELECT `a``;b` FROM t; SELECT 2 ==> QUERY ;; QUERY
                SELECT `\\`; SELECT 2 ==> QUERY ;; QUERY
                SELECT `'` FROM t; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 # ; comment⏎; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 #;⏎; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 #; SELECT 2 ==> QUERY
                SELECT '#;'; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 -- ; comment⏎; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 --⇥; tab comment⏎; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 --⏎; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 --1; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 --x; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 -- ==> QUERY
                SELECT 1 /* ; */; SELECT 2 ==> QUERY ;; QUERY
                SELECT 1 /* /* */ ; SELECT 2 */ ==> QUERY ;; QUERY
                SELECT 1 /*/ ; */; SELECT 2 ==> QUERY ;; QUERY
                SELECT $$a;b$$ ==> QUERY ;; OTHER
                SELECT @`a;b`; SELECT 2 ==> QUERY ;; QUERY
                SELECT @'a;b'; SELECT 2 ==> QUERY ;; QUERY
                SELECT 'unterminated; SELECT 2 ==> QUERY
                SELECT "unterminated; SELECT 2 ==> QUERY
                SELECT `unterminated; SELECT 2 ==> QUERY
                SELECT /* unterminated; SELECT 2 ==> QUERY
                """);
    }

    /** {@code /*! … *}{@code /} and {@code /*M! … *}{@code /}: the content is code. */
    static Stream<Arguments> executableComments() {
        return CaseTable.parse("""
                /*!40101 SET NAMES utf8 */; ==> SET
                /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */; ==> SET
                /*!40103 SET TIME_ZONE='+00:00' */; ==> SET
                /*M!100100 SET sql_mode='x' */; ==> SET
                /*M! SET @a = 1 */; ==> SET
                /*! SET @a = 1 */ ==> SET
                /*!40000 ALTER TABLE `t` DISABLE KEYS */; ==> DDL:ALTER_TABLE target=`t` tname=t
                /*!50100 ALTER TABLE t ADD PARTITION (PARTITION p1 VALUES LESS THAN (10)) */ ==> DDL:ALTER_TABLE target=t
                /*!50001 DROP VIEW IF EXISTS `v`*/; ==> DDL:DROP_VIEW target=`v` tname=v
                /*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */ /*!50001 VIEW `v` AS select 1 AS `a` */; ==> DDL:CREATE_VIEW target=`v` tname=v
                /*!40101 SET x=1; SET y=2 */; ==> SET ;; SET
                /*!40101 SET NAMES 'a*/b' */; ==> SET
                /*!40101 SET @a = 1 /* inner */ */; ==> SET
                /*!40101 SET @a = 1 ==> SET
                /* plain comment DROP TABLE x; */ SELECT 1 ==> QUERY
                /*+ hint */ SELECT 1 ==> QUERY
                SELECT /*! STRAIGHT_JOIN */ a FROM t ==> QUERY
                SELECT 1 /*!, 2 */; DROP TABLE t ==> QUERY ;; DDL:DROP_TABLE target=t
                /*!50003 CREATE*/ /*!50020 DEFINER=`root`@`localhost`*/ /*!50003 PROCEDURE `p`() BEGIN SELECT 1; SELECT 2; END */; SELECT 1 ==> DDL:CREATE_OTHER target=`p` tname=p ;; QUERY
                /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `trg` BEFORE INSERT ON `t` FOR EACH ROW BEGIN SET NEW.a = 1; END */;; ==> DDL:CREATE_TRIGGER target=`t` tname=t ;; EMPTY
                """);
    }

    static Stream<Arguments> splitting() {
        return CaseTable.parse("""
                SELECT 1; ==> QUERY
                SELECT 1;; ==> QUERY ;; EMPTY
                ; ==> EMPTY
                # only a comment ==> EMPTY
                -- only a comment ==> EMPTY
                SELECT 1; # trailing ==> QUERY ;; EMPTY
                SELECT 1; SELECT 2; SELECT 3 ==> QUERY ;; QUERY ;; QUERY
                SELECT (1; SELECT 2) ==> QUERY
                BEGIN; UPDATE t SET a = 1; COMMIT; ==> TX:BEGIN ;; DML:UPDATE target=t ;; TX:COMMIT
                """);
    }

    /** Compound statements sent without DELIMITER: BEGIN … END bodies stay one statement. */
    static Stream<Arguments> routines() {
        return CaseTable.parse("""
                CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END; SELECT 3 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE DEFINER=`root`@`localhost` PROCEDURE `p`(IN a INT) BEGIN DECLARE x INT DEFAULT 0; IF a > 0 THEN SET x = 1; ELSEIF a < 0 THEN SET x = -1; ELSE SET x = 0; END IF; SELECT x; END; SELECT 1 ==> DDL:CREATE_OTHER target=`p` tname=p ;; QUERY
                CREATE DEFINER='admin'@'%' PROCEDURE p() BEGIN SELECT 1; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE DEFINER=admin@localhost PROCEDURE p() BEGIN SELECT 1; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE DEFINER=CURRENT_USER() PROCEDURE p() BEGIN SELECT 1; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE OR REPLACE PROCEDURE p() BEGIN SELECT 1; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE IF NOT EXISTS p() BEGIN SELECT 1; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE p() BEGIN DECLARE i INT DEFAULT 0; lbl: LOOP SET i = i + 1; IF i > 10 THEN LEAVE lbl; END IF; END LOOP lbl; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE p() BEGIN WHILE i < 10 DO SET i = i + 1; END WHILE; REPEAT SET i = i - 1; UNTIL i = 0 END REPEAT; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE p(x INT) BEGIN CASE x WHEN 1 THEN SELECT 1; ELSE BEGIN END; END CASE; SET @y = CASE WHEN x > 1 THEN 2 ELSE 3 END; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE FUNCTION f(a INT) RETURNS INT DETERMINISTIC BEGIN RETURN IF(a > 0, a, -a); END; SELECT 1 ==> DDL:CREATE_OTHER target=f ;; QUERY
                CREATE FUNCTION f(a INT) RETURNS TEXT DETERMINISTIC BEGIN IF (a > 0) THEN RETURN 'x'; END IF; RETURN REPEAT('x', 3); END; SELECT 1 ==> DDL:CREATE_OTHER target=f ;; QUERY
                CREATE FUNCTION f(a INT) RETURNS INT BEGIN SET @x = IF(a, IF(a > 1, 2, 3), 0); RETURN @x; END; SELECT 1 ==> DDL:CREATE_OTHER target=f ;; QUERY
                CREATE FUNCTION f() RETURNS INT RETURN 1; SELECT 2 ==> DDL:CREATE_OTHER target=f ;; QUERY
                CREATE AGGREGATE FUNCTION agg(x INT) RETURNS INT BEGIN DECLARE s INT DEFAULT 0; LOOP FETCH GROUP NEXT ROW; SET s = s + x; END LOOP; END; SELECT 1 ==> DDL:CREATE_OTHER target=agg ;; QUERY
                CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN IF NEW.a IS NULL THEN SET NEW.a = 1; END IF; END; INSERT INTO t VALUES (1) ==> DDL:CREATE_TRIGGER target=t ;; DML:INSERT_VALUES target=t
                CREATE TRIGGER trg BEFORE UPDATE ON `db`.`t` FOR EACH ROW SET NEW.b = NEW.a; SELECT 1 ==> DDL:CREATE_TRIGGER target=`db`.`t` tschema=db tname=t ;; QUERY
                CREATE TRIGGER trg AFTER DELETE ON t FOR EACH ROW IF OLD.a > 0 THEN DELETE FROM u; END IF; SELECT 1 ==> DDL:CREATE_TRIGGER target=t ;; QUERY
                CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW FOLLOWS other BEGIN INSERT INTO log VALUES (1); END; SELECT 1 ==> DDL:CREATE_TRIGGER target=t ;; QUERY
                CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM log WHERE ts < NOW(); OPTIMIZE TABLE log; END; SELECT 1 ==> DDL:CREATE_OTHER target=e ;; QUERY
                CREATE EVENT IF NOT EXISTS e ON SCHEDULE AT CURRENT_TIMESTAMP + INTERVAL 1 HOUR DO DELETE FROM log; SELECT 1 ==> DDL:CREATE_OTHER target=e ;; QUERY
                CREATE PROCEDURE p() BEGIN DROP TABLE IF EXISTS tmp; CREATE TEMPORARY TABLE IF NOT EXISTS tmp (a INT); END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE p() BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; END; START TRANSACTION; COMMIT; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE p() BEGIN SELECT 'END; END IF;'; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE p() BEGIN IF NOT EXISTS (SELECT 1 FROM t) THEN INSERT INTO t VALUES (1); END IF; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE p() BEGIN IF EXISTS (SELECT 1 FROM t) THEN DELETE FROM t; ELSE IF 1 THEN SELECT 1; END IF; END IF; END; SELECT 1 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE p() BEGIN lbl: BEGIN SELECT 1; END lbl; END; SELECT 2 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE p() BEGIN DECLARE c CURSOR FOR SELECT a FROM t; OPEN c; read_loop: LOOP FETCH c INTO x; END LOOP; CLOSE c; END; SELECT 2 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE p()⏎BEGIN⏎  -- END; here is a comment⏎  # END IF; too⏎  /* END; */⏎  SELECT 1;⏎END;⏎SELECT 2 ==> DDL:CREATE_OTHER target=p ;; QUERY
                create procedure p() begin select 1; end; select 2 ==> DDL:CREATE_OTHER target=p ;; QUERY
                CREATE PROCEDURE p() BEGIN SELECT 1; ==> DDL:CREATE_OTHER target=p
                CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2 ==> DDL:CREATE_OTHER target=p
                CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; ==> DDL:CREATE_TRIGGER target=t
                BEGIN NOT ATOMIC SELECT 1; SELECT 2; END; SELECT 3 ==> OTHER ;; QUERY
                CREATE TABLE t (a INT); BEGIN; SELECT 1; COMMIT ==> DDL:CREATE_TABLE target=t ;; TX:BEGIN ;; QUERY ;; TX:COMMIT
                CREATE VIEW event AS SELECT 1; SELECT 2 ==> DDL:CREATE_VIEW target=event ;; QUERY
                CREATE VIEW v AS SELECT * FROM event; SELECT 2 ==> DDL:CREATE_VIEW target=v ;; QUERY
                """);
    }

    static Stream<Arguments> queries() {
        return CaseTable.parse("""
                SELECT 1 ==> QUERY
                SELECT * FROM `t` WHERE a = 1 ==> QUERY
                (SELECT 1) UNION (SELECT 2) ==> QUERY
                WITH x AS (SELECT 1) SELECT * FROM x ==> QUERY
                SHOW TABLES ==> QUERY
                SHOW CREATE TABLE t ==> QUERY
                DESCRIBE t ==> QUERY
                DESC t ==> QUERY
                EXPLAIN SELECT 1 ==> QUERY
                EXPLAIN FORMAT=JSON SELECT 1 ==> QUERY
                EXPLAIN EXTENDED SELECT 1 ==> QUERY
                EXPLAIN ANALYZE SELECT 1 ==> OTHER
                DESCRIBE ANALYZE SELECT 1 ==> OTHER
                SELECT a INTO @x FROM t ==> OTHER
                SELECT * FROM t INTO OUTFILE '/tmp/x' ==> OTHER
                TABLE t ==> QUERY
                VALUES ROW(1, 2) ==> QUERY
                SELECT @@version ==> QUERY
                """);
    }

    static Stream<Arguments> transactions() {
        return CaseTable.parse("""
                BEGIN ==> TX:BEGIN
                BEGIN WORK ==> TX:BEGIN
                START TRANSACTION ==> TX:BEGIN
                START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY ==> TX:BEGIN
                START SLAVE ==> OTHER
                COMMIT ==> TX:COMMIT
                COMMIT WORK ==> TX:COMMIT
                COMMIT AND NO CHAIN NO RELEASE ==> TX:COMMIT
                ROLLBACK ==> TX:ROLLBACK
                ROLLBACK WORK ==> TX:ROLLBACK
                ROLLBACK TO SAVEPOINT s ==> TX:ROLLBACK_TO_SAVEPOINT
                ROLLBACK WORK TO s ==> TX:ROLLBACK_TO_SAVEPOINT
                SAVEPOINT s ==> TX:SAVEPOINT
                RELEASE SAVEPOINT s ==> TX:RELEASE_SAVEPOINT
                XA START 'x' ==> TX:OTHER
                XA COMMIT 'x' ==> TX:OTHER
                LOCK TABLES t WRITE ==> TX:OTHER
                LOCK TABLE t READ, u WRITE ==> TX:OTHER
                UNLOCK TABLES ==> TX:OTHER
                SET TRANSACTION ISOLATION LEVEL READ COMMITTED ==> TX:OTHER
                SET SESSION TRANSACTION READ ONLY ==> TX:OTHER
                SET GLOBAL TRANSACTION ISOLATION LEVEL SERIALIZABLE ==> TX:OTHER
                END ==> OTHER
                ABORT ==> OTHER
                PREPARE stmt FROM 'SELECT 1' ==> OTHER
                """);
    }

    static Stream<Arguments> settings() {
        return CaseTable.parse("""
                SET @a = 1 ==> SET
                SET @a := 1, @b = 2 ==> SET
                SET NAMES utf8mb4 ==> SET
                SET NAMES 'utf8mb4' COLLATE 'utf8mb4_unicode_ci' ==> SET
                SET CHARACTER SET utf8 ==> SET
                SET GLOBAL max_connections = 10 ==> SET
                SET SESSION sql_mode = 'x' ==> SET
                SET @@session.lock_wait_timeout = 5 ==> SET
                SET autocommit = 0 ==> SET
                SET FOREIGN_KEY_CHECKS=0 ==> SET
                SET PASSWORD = 'x' ==> OTHER
                SET STATEMENT max_statement_time=60 FOR ALTER TABLE t ADD c int ==> DDL:ALTER_TABLE target=t
                SET STATEMENT a=1, b=(SELECT 2) FOR UPDATE t SET x = 1 WHERE y ==> DML:UPDATE target=t where
                RESET QUERY CACHE ==> OTHER
                """);
    }

    static Stream<Arguments> ddl() {
        return CaseTable.parse("""
                CREATE TABLE `t` (id int) ENGINE=InnoDB ==> DDL:CREATE_TABLE target=`t` tname=t
                CREATE TABLE IF NOT EXISTS `db`.`t` (id int) ==> DDL:CREATE_TABLE target=`db`.`t` tschema=db tname=t
                CREATE TABLE MyTable (id int) ==> DDL:CREATE_TABLE target=MyTable tname=MyTable
                CREATE TABLE Shop.Orders (id int) ==> DDL:CREATE_TABLE target=Shop.Orders tschema=Shop tname=Orders
                CREATE TABLE `my``t` (id int) ==> DDL:CREATE_TABLE target=`my``t` tname=my`t
                CREATE TABLE `a.b` (id int) ==> DDL:CREATE_TABLE target=`a.b` tname=a.b
                CREATE TABLE 1st_table (id int) ==> DDL:CREATE_TABLE target=1st_table tname=1st_table
                CREATE TABLE $t (id int) ==> DDL:CREATE_TABLE target=$t tname=$t
                CREATE TEMPORARY TABLE t (id int) ==> DDL:CREATE_TABLE target=t
                CREATE OR REPLACE TABLE t (id int) ==> DDL:CREATE_TABLE target=t
                CREATE TABLE t LIKE u ==> DDL:CREATE_TABLE target=t
                CREATE TABLE t (a varchar(10) DEFAULT 'x;y', b int COMMENT "c;d") ==> DDL:CREATE_TABLE target=t
                CREATE TABLE t AS SELECT * FROM u ==> DDL:CREATE_TABLE target=t
                CREATE INDEX idx ON t (a) ==> DDL:CREATE_INDEX index=idx target=t
                CREATE UNIQUE INDEX idx USING BTREE ON `t` (a) ==> DDL:CREATE_INDEX index=idx target=`t` tname=t
                CREATE FULLTEXT INDEX ft ON t (body) ==> DDL:CREATE_INDEX index=ft target=t
                CREATE SPATIAL INDEX sp ON t (g) ==> DDL:CREATE_INDEX index=sp target=t
                CREATE OR REPLACE INDEX IF NOT EXISTS i ON t (a) ==> DDL:CREATE_INDEX index=i target=t
                CREATE INDEX `Idx` ON `db`.`T` (a) ALGORITHM=INPLACE LOCK=NONE ==> DDL:CREATE_INDEX index=`Idx` iname=Idx target=`db`.`T` tschema=db tname=T
                CREATE VIEW v AS SELECT 1 ==> DDL:CREATE_VIEW target=v
                CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`root`@`%` SQL SECURITY INVOKER VIEW v AS SELECT 1 ==> DDL:CREATE_VIEW target=v
                CREATE DEFINER=CURRENT_USER VIEW v AS SELECT 1 ==> DDL:CREATE_VIEW target=v
                CREATE DEFINER = 'admin'@'localhost' VIEW v AS SELECT 1 ==> DDL:CREATE_VIEW target=v
                CREATE DATABASE IF NOT EXISTS shop ==> DDL:CREATE_OTHER target=shop
                CREATE SCHEMA shop ==> DDL:CREATE_OTHER target=shop
                CREATE USER 'u'@'%' IDENTIFIED BY 'p;w' ==> DDL:CREATE_OTHER
                ALTER TABLE t ADD COLUMN c int ==> DDL:ALTER_TABLE target=t
                ALTER TABLE `db`.`T` ADD INDEX i (a), ALGORITHM=INPLACE, LOCK=NONE ==> DDL:ALTER_TABLE target=`db`.`T` tschema=db tname=T
                ALTER ONLINE TABLE t ADD c int ==> DDL:ALTER_TABLE target=t
                ALTER IGNORE TABLE t ADD UNIQUE (a) ==> DDL:ALTER_TABLE target=t
                ALTER ONLINE IGNORE TABLE t ADD UNIQUE (a) ==> DDL:ALTER_TABLE target=t
                ALTER TABLE IF EXISTS t ADD COLUMN IF NOT EXISTS c int ==> DDL:ALTER_TABLE target=t
                ALTER TABLE t RENAME TO u ==> DDL:ALTER_TABLE target=t
                ALTER TABLE t DROP INDEX i ==> DDL:ALTER_TABLE target=t
                ALTER DATABASE d CHARACTER SET utf8mb4 ==> DDL:ALTER_OTHER target=d
                ALTER DEFINER=`root`@`localhost` VIEW v AS SELECT 1 ==> DDL:ALTER_OTHER target=v
                ALTER ALGORITHM=MERGE VIEW v AS SELECT 1 ==> DDL:ALTER_OTHER target=v
                ALTER USER 'u'@'h' IDENTIFIED BY 'p' ==> DDL:ALTER_OTHER
                ALTER EVENT e DISABLE ==> DDL:ALTER_OTHER target=e
                DROP TABLE t ==> DDL:DROP_TABLE target=t
                DROP TABLE IF EXISTS `t1`, `t2` ==> DDL:DROP_TABLE target=`t1` tname=t1
                DROP TEMPORARY TABLE IF EXISTS t ==> DDL:DROP_TABLE target=t
                DROP INDEX idx ON t ==> DDL:DROP_INDEX index=idx target=t
                DROP INDEX `PRIMARY` ON `db`.`t` ==> DDL:DROP_INDEX index=`PRIMARY` iname=PRIMARY target=`db`.`t` tschema=db tname=t
                DROP INDEX IF EXISTS i ON t ==> DDL:DROP_INDEX index=i target=t
                DROP VIEW IF EXISTS v ==> DDL:DROP_VIEW target=v
                DROP TRIGGER IF EXISTS trg ==> DDL:DROP_TRIGGER
                DROP PROCEDURE IF EXISTS p ==> DDL:DROP_OTHER target=p
                DROP DATABASE d ==> DDL:DROP_OTHER target=d
                DROP EVENT e ==> DDL:DROP_OTHER target=e
                TRUNCATE TABLE t ==> DDL:TRUNCATE target=t
                TRUNCATE t ==> DDL:TRUNCATE target=t
                RENAME TABLE a TO b, c TO d ==> DDL:RENAME_TABLE target=a
                RENAME TABLE `db`.`a` TO `db`.`b` ==> DDL:RENAME_TABLE target=`db`.`a` tschema=db tname=a
                RENAME USER a TO b ==> DDL:ALTER_OTHER
                ANALYZE TABLE t ==> DDL:ANALYZE target=t
                ANALYZE NO_WRITE_TO_BINLOG TABLE t1, t2 ==> DDL:ANALYZE target=t1
                ANALYZE LOCAL TABLE t ==> DDL:ANALYZE target=t
                ANALYZE SELECT 1 ==> OTHER
                GRANT SELECT ON db.* TO 'u'@'%' ==> DDL:GRANT
                GRANT SELECT ON db.t TO u ==> DDL:GRANT target=db.t
                GRANT ALL ON *.* TO u ==> DDL:GRANT
                GRANT ALL PRIVILEGES ON `db`.* TO 'u'@'%' ==> DDL:GRANT
                REVOKE INSERT ON t FROM u ==> DDL:REVOKE target=t
                """);
    }

    static Stream<Arguments> dml() {
        return CaseTable.parse("""
                INSERT INTO t VALUES (1) ==> DML:INSERT_VALUES target=t
                INSERT t VALUES (1) ==> DML:INSERT_VALUES target=t
                INSERT INTO t VALUE (1) ==> DML:INSERT_VALUES target=t
                INSERT INTO t SET a = 1 ==> DML:INSERT_VALUES target=t
                INSERT LOW_PRIORITY IGNORE INTO `t` (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a) ==> DML:INSERT_VALUES target=`t` tname=t
                INSERT INTO t (a) VALUES (1) AS new ON DUPLICATE KEY UPDATE a = new.a ==> DML:INSERT_VALUES target=t
                INSERT INTO t (a) SELECT a FROM u ==> DML:INSERT_SELECT target=t
                INSERT INTO t SELECT * FROM u WHERE x LIMIT 5 ==> DML:INSERT_SELECT target=t where limit
                INSERT INTO t PARTITION (p0) (a) VALUES (1) ==> DML:INSERT_VALUES target=t
                INSERT INTO t (a) (SELECT 1) ==> DML:INSERT_SELECT target=t
                INSERT INTO t TABLE u ==> DML:INSERT_SELECT target=t
                INSERT INTO t (a) WITH x AS (SELECT 1) SELECT * FROM x ==> DML:INSERT_SELECT target=t
                INSERT INTO t VALUES (1) RETURNING id ==> DML:INSERT_VALUES target=t returning
                INSERT INTO `db`.`t` VALUES ('a;b', "c;d") ==> DML:INSERT_VALUES target=`db`.`t` tschema=db tname=t
                REPLACE INTO t VALUES (1) ==> DML:REPLACE target=t
                REPLACE LOW_PRIORITY t (a) SELECT 1 ==> DML:REPLACE target=t
                UPDATE t SET a = 1 ==> DML:UPDATE target=t
                UPDATE t SET a = 1 WHERE id = 1 LIMIT 10 ==> DML:UPDATE target=t where limit
                UPDATE LOW_PRIORITY IGNORE t SET a = 1 ==> DML:UPDATE target=t
                UPDATE `db`.`t` AS x JOIN u ON x.id = u.id SET x.a = u.a ==> DML:UPDATE target=`db`.`t` tschema=db tname=t
                UPDATE t, u SET t.a = u.a WHERE t.id = u.id ==> DML:UPDATE target=t where
                UPDATE t SET a = (SELECT 1 FROM u WHERE b LIMIT 1) ==> DML:UPDATE target=t
                UPDATE t SET a = 'where' # WHERE⏎ ==> DML:UPDATE target=t
                DELETE FROM t ==> DML:DELETE target=t
                DELETE FROM t WHERE a = 1 ORDER BY id LIMIT 100 ==> DML:DELETE target=t where limit
                DELETE LOW_PRIORITY QUICK IGNORE FROM t ==> DML:DELETE target=t
                DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id WHERE t2.x = 1 ==> DML:DELETE target=t1 where
                DELETE t1.*, t2 FROM t1 JOIN t2 ==> DML:DELETE target=t1
                DELETE FROM t1, t2 USING t1 JOIN t2 ==> DML:DELETE target=t1
                DELETE FROM t RETURNING id ==> DML:DELETE target=t returning
                DELETE FROM t WHERE id IN (SELECT id FROM (SELECT id FROM t LIMIT 5) x) ==> DML:DELETE target=t where
                WITH x AS (SELECT 1) UPDATE t SET a = 1 ==> DML:UPDATE target=t
                WITH x AS (SELECT 1) DELETE FROM t WHERE a IN (SELECT * FROM x) ==> DML:DELETE target=t where
                """);
    }

    static Stream<Arguments> other() {
        return CaseTable.parse("""
                USE db ==> OTHER
                CALL p() ==> OTHER
                DO SLEEP(1) ==> OTHER
                HANDLER t OPEN ==> OTHER
                OPTIMIZE TABLE t ==> OTHER
                FLUSH PRIVILEGES ==> OTHER
                REINDEX TABLE t ==> OTHER
                VACUUM ==> OTHER
                COMMENT ON TABLE t IS 'x' ==> OTHER
                KILL 12 ==> OTHER
                LOAD DATA INFILE 'x' INTO TABLE t ==> OTHER
                @a ==> OTHER
                """);
    }
}
