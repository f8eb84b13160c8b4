package dev.safemigrate.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Classifications by SQL text, bounded, shared by every connection of a dialect: applications send
 * the same statements again and again, so a repeated plain statement costs one cache lookup.
 */
public final class ClassificationCache {
    /**
     * Longer strings (bulk INSERTs with literal values, whole migration scripts) are rarely sent twice
     * and would crowd the cache: they are classified each time.
     */
    static final int MAX_CACHED_LENGTH = 16 * 1024;

    private static final ConcurrentMap<String, ClassificationCache> SHARED = new ConcurrentHashMap<>();

    private final StatementClassifier classifier;
    private final Cache<String, ParsedSql> cache;
    private final Function<String, ParsedSql> loader;

    ClassificationCache(Dialect dialect, int maximumSize) {
        this.classifier = new StatementClassifier(dialect);
        this.cache = maximumSize == 0 ? null : Caffeine.newBuilder().maximumSize(maximumSize).build();
        this.loader = classifier::parse;
    }

    /** The cache shared by connections with this dialect and size. */
    public static ClassificationCache shared(Dialect dialect, int maximumSize) {
        return SHARED.computeIfAbsent(dialect + ":" + maximumSize, k -> new ClassificationCache(dialect, maximumSize));
    }

    public ParsedSql parse(String sql) {
        if (cache == null || sql.length() > MAX_CACHED_LENGTH) {
            return classifier.parse(sql);
        }
        return cache.get(sql, loader);
    }
}
