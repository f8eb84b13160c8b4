package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code name [, name …]}, as DROP TABLE, DROP INDEX and the like list their objects: the names and the token
 * after the list. A keyword in {@code stops} where a name would start ends the list ({@code … CASCADE}).
 */
record NameList(List<QualifiedName> names, int next) {

    /** The list at token {@code i}; {@code null} when there is no name or a comma is not followed by one. */
    static NameList read(SqlCursor c, int i, String... stops) {
        List<QualifiedName> names = new ArrayList<>();
        while (true) {
            if (!c.isName(i) || isStop(c, i, stops)) {
                return null;
            }
            names.add(c.name(i));
            i = c.nameEnd(i);
            if (!c.isPunct(i, ',')) {
                return new NameList(List.copyOf(names), i);
            }
            i++;
        }
    }

    private static boolean isStop(SqlCursor c, int i, String[] stops) {
        for (String stop : stops) {
            if (c.isWord(i, stop)) {
                return true;
            }
        }
        return false;
    }
}
