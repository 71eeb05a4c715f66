package org.wadi.storage;

import java.io.IOException;

/** Thrown when an object is read that does not exist. */
public class NoSuchObjectException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key the key that was read
     * @param location where it was looked for, e.g. the store's URL
     */
    public NoSuchObjectException(String key, String location) {
        super("no object '" + key + "' in " + location);
        this.key = key;
    }

    /** The key that was read. */
    public String key() {
        return key;
    }
}
