package org.wadi.storage;

/**
 * The rules every {@link ObjectStore} applies to keys, so that a key means the same in every
 * backend and can never leave the store's root folder.
 *
 * <p>A key is a relative, {@code /}-separated path: not empty, no leading or trailing {@code /}, no
 * empty segment, no segment {@code .} or {@code ..} or starting with {@code .} (reserved for the
 * stores' temporary files), no backslash and no control character. A prefix is either empty
 * (everything) or a key, optionally followed by a {@code /}.
 */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    /**
     * Checks a key.
     *
     * @return the key
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    public static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("invalid object key '" + key + "': must not be empty");
        }
        if (key.startsWith("/")) {
            throw invalid(key, "must be relative (no leading '/')");
        }
        if (key.endsWith("/")) {
            throw invalid(key, "must not end with '/' (that names a folder)");
        }
        if (key.length() > 1024) {
            throw invalid(key, "longer than 1024 characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                throw invalid(key, "contains a backslash; separate segments with '/'");
            }
            if (Character.isISOControl(c)) {
                throw invalid(key, "contains the control character U+" + String.format("%04X", (int) c));
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid(key, "has an empty segment ('//')");
            }
            if (segment.equals("..") || segment.equals(".")) {
                throw invalid(key, "has a '" + segment + "' segment; keys cannot leave or name the store's folders");
            }
            if (segment.startsWith(".")) {
                throw invalid(key, "has the segment '" + segment + "': segments starting with '.' are reserved");
            }
        }
        return key;
    }

    /**
     * Checks a prefix: empty, or a valid key with an optional trailing {@code /}.
     *
     * @return the prefix
     * @throws IllegalArgumentException naming the prefix and the rule it breaks
     */
    public static String requirePrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("invalid object key prefix null: use \"\" for every key");
        }
        if (!prefix.isEmpty()) {
            requireKey(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        return prefix;
    }

    /**
     * Checks one segment of a key, such as a job or operator id.
     *
     * @param what what the segment is, for the error message (e.g. "job id")
     * @return the segment
     */
    public static String requireSegment(String what, String segment) {
        if (segment == null || segment.isEmpty() || segment.contains("/")) {
            throw new IllegalArgumentException("invalid " + what + " '" + segment
                    + "': must be one non-empty key segment, without '/'");
        }
        try {
            requireKey(segment);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + what + ": " + e.getMessage(), e);
        }
        return segment;
    }

    private static IllegalArgumentException invalid(String key, String why) {
        return new IllegalArgumentException("invalid object key '" + key + "': " + why);
    }
}
