package io.switchboard.emulator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Salesforce record ids: 3-char key prefix, 12 chars of pod and counter, and a 3-char suffix that encodes the
 * case of the first 15 characters, so that case-insensitive tools can still tell ids apart.
 */
final class SalesforceIds {

    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** "Pod" part of the id, fixed so that ids look like those of one real instance. */
    private static final String POD = "Hs0";

    private final AtomicLong counter;

    SalesforceIds(long start) {
        this.counter = new AtomicLong(start);
    }

    String next(String keyPrefix) {
        long n = counter.incrementAndGet();
        StringBuilder body = new StringBuilder(9);
        for (int i = 0; i < 9; i++) {
            body.append(BASE62.charAt((int) (n % 62)));
            n /= 62;
        }
        return to18(keyPrefix + POD + body.reverse());
    }

    /** Appends the case-safe checksum to a 15-character id. */
    static String to18(String id15) {
        if (id15.length() != 15) {
            throw new IllegalArgumentException("not a 15-character id: " + id15);
        }
        StringBuilder out = new StringBuilder(id15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            out.append(SUFFIX_ALPHABET.charAt(bits));
        }
        return out.toString();
    }

    /**
     * Normalises a 15- or 18-character id to 18 characters, or returns null when the text is not an id (wrong
     * length, a character outside [0-9A-Za-z], or an 18-char id whose suffix contradicts its characters). As in
     * Salesforce, an 18-character id is case-insensitive: its suffix restores the case of the first 15.
     */
    static String normalize(String text) {
        if (text == null || (text.length() != 15 && text.length() != 18)) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (!alnum) {
                return null;
            }
        }
        if (text.length() == 15) {
            return to18(text);
        }
        StringBuilder restored = new StringBuilder(15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = SUFFIX_ALPHABET.indexOf(Character.toUpperCase(text.charAt(15 + chunk)));
            if (bits < 0) {
                return null;
            }
            for (int i = 0; i < 5; i++) {
                char c = text.charAt(chunk * 5 + i);
                boolean upper = (bits & (1 << i)) != 0;
                if (upper && !Character.isLetter(c)) {
                    return null;
                }
                restored.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
        }
        return to18(restored.toString());
    }

    static String prefix(String id) {
        return id.substring(0, 3);
    }
}
