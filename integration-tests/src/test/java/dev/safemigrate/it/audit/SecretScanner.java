package dev.safemigrate.it.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks for secrets in a stream of bytes as it goes by, without keeping the stream: only the last few bytes
 * (so that a secret split across two writes is still found) and the first hits, masked. Thread-safe.
 */
final class SecretScanner {
    private static final int CONTEXT = 100;
    private static final int KEPT_HITS = 3;

    /** A secret to look for: what to call it in a report (never its value) and its bytes. */
    record Needle(String label, byte[] bytes) {
        static Needle of(String label, String value) {
            return new Needle(label, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final List<Needle> needles;
    private final int carryLength;
    private byte[] carry = new byte[0];
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<String> hits = new ArrayList<>();

    SecretScanner(List<Needle> needles) {
        this.needles = List.copyOf(needles);
        this.carryLength = Math.max(CONTEXT, needles.stream().mapToInt(n -> n.bytes().length).max().orElse(1) - 1);
    }

    synchronized void feed(byte[] data, int off, int len) {
        if (needles.isEmpty() || len <= 0) {
            return;
        }
        byte[] window = new byte[carry.length + len];
        System.arraycopy(carry, 0, window, 0, carry.length);
        System.arraycopy(data, off, window, carry.length, len);
        for (Needle needle : needles) {
            byte[] n = needle.bytes();
            // only matches that end in the new bytes: the carry was searched before
            int from = Math.max(0, carry.length - n.length + 1);
            for (int at = indexOf(window, n, from); at >= 0; at = indexOf(window, n, at + 1)) {
                counts.merge(needle.label(), 1, Integer::sum);
                if (hits.size() < KEPT_HITS) {
                    hits.add(needle.label() + ": …" + masked(window, at) + "…");
                }
            }
        }
        carry = Arrays.copyOfRange(window, Math.max(0, window.length - carryLength), window.length);
    }

    void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        feed(bytes, 0, bytes.length);
        // a separate document: a secret does not continue across it
        synchronized (this) {
            carry = new byte[0];
        }
    }

    /** What was found since the last reset, for a failure message (secrets replaced by ***), or null if nothing. */
    synchronized String findings() {
        if (counts.isEmpty()) {
            return null;
        }
        return counts + ", first seen as:\n  " + String.join("\n  ", hits);
    }

    synchronized void reset() {
        counts.clear();
        hits.clear();
        carry = new byte[0];
    }

    private String masked(byte[] window, int at) {
        int from = Math.max(0, at - CONTEXT);
        int to = Math.min(window.length, at + CONTEXT);
        String text = new String(window, from, to - from, StandardCharsets.UTF_8);
        for (Needle n : needles) {
            text = text.replace(new String(n.bytes(), StandardCharsets.UTF_8), "***");
        }
        return text.replaceAll("\\R", "⏎");
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
