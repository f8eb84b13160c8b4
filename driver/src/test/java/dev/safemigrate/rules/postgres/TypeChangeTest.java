package dev.safemigrate.rules.postgres;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlCursor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TypeChangeTest {

    private static TypeChange.Target parse(String type) {
        SqlCursor c = SqlCursor.over(type, Dialect.POSTGRESQL);
        return TypeChange.parse(c, 0, c.size());
    }

    /** Old type as pg_type.typname and atttypmod (as the catalog reports them), new type as written. */
    @ParameterizedTest(name = "{0}({1}) -> {2}: {3}")
    @CsvSource(delimiter = '|', value = {
        "varchar|24|varchar(30)|true",
        "varchar|24|character varying(20)|true",
        "varchar|24|VARCHAR (19)|false",
        "varchar|24|varchar|true",
        "varchar|24|text|true",
        "varchar|-1|varchar(20)|false",
        "varchar|-1|text|true",
        "text|-1|varchar|true",
        "text|-1|varchar(100)|false",
        "text|-1|text|true",
        "text|-1|pg_catalog.text|true",
        "text|-1|char(10)|false",
        "numeric|655366|numeric(12,2)|true",
        "numeric|655366|decimal(10, 2)|true",
        "numeric|655366|numeric(9,2)|false",
        "numeric|655366|numeric(12,3)|false",
        "numeric|655366|numeric|true",
        "numeric|-1|numeric(12,2)|false",
        "numeric|655364|numeric(12)|true",
        "timestamp|3|timestamp(6)|true",
        "timestamp|3|timestamp|true",
        "timestamp|3|timestamp(2)|false",
        "timestamptz|3|timestamp(6) with time zone|true",
        "timestamptz|-1|timestamp|false",
        "timestamp|-1|timestamptz|false",
        "int4|-1|bigint|false",
        "int4|-1|integer|true",
        "int8|-1|int|false",
        "varbit|8|bit varying(16)|true",
        "bpchar|14|char(20)|false",
        "bpchar|14|character(10)|true",
        "varchar|24|\"text\"|false",
        "varchar|24|text[]|false",
        "varchar|24|mytype|false",
        "jsonb|-1|jsonb|true",
        "json|-1|jsonb|false",
    })
    void inPlace(String oldType, int oldTypmod, String newType, boolean expected) {
        TypeChange.Target target = parse(newType);
        assertThat(target != null && TypeChange.inPlace(oldType, oldTypmod, target)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "varchar(20)|varchar|24",
        "numeric(10,2)|numeric|655366",
        "numeric(10)|numeric|655364",
        "char|bpchar|5",
        "timestamp(3) without time zone|timestamp|3",
        "double precision|float8|-1",
    })
    void typmodsMatchWhatPostgresStores(String written, String typeName, int typmod) {
        assertThat(parse(written)).isEqualTo(new TypeChange.Target(typeName, typmod));
    }
}
