package org.wadi.spi.connector;

/** How a table can be used in SQL. */
public enum TableRole {
    /** Read in {@code FROM}. */
    SOURCE,
    /** Written by {@code INSERT INTO}. */
    SINK,
    /** Joined by key in a lookup join. */
    LOOKUP
}
