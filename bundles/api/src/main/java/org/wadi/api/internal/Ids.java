package org.wadi.api.internal;

import java.security.SecureRandom;

/** Public ids as Arroyo makes them: a type prefix, an underscore and 10 random base-62 characters. */
final class Ids {

    static final String PIPELINE = "pl";
    static final String JOB = "job";
    static final String UDF = "udf";

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String generate(String prefix) {
        StringBuilder id = new StringBuilder(prefix.length() + 1 + LENGTH).append(prefix).append('_');
        for (int i = 0; i < LENGTH; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
