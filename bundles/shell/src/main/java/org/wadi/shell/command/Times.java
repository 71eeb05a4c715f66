package org.wadi.shell.command;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Microsecond timestamps of the API as UTC date-times for tables. */
final class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String format(Long micros) {
        if (micros == null) {
            return "";
        }
        return FORMAT.format(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
    }
}
