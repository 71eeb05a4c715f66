package org.wadi.connector.filesystem.internal;

import org.wadi.storage.FileNaming;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.wadi.spi.types.DataType;

class TimePatternTest {

    /** 2025-10-07T21:09:28.595325952Z, the instant Arroyo's own partitioning tests use. */
    private static final long T = 1_759_871_368_595_325_952L;

    private static String fmt(String pattern, long nanos) {
        return TimePattern.compile(pattern).format(nanos);
    }

    @Test
    void formatsAsArroyosPartitioning() {
        assertEquals("2025", fmt("%Y", T));
        assertEquals("2025-10-07", fmt("%Y-%m-%d", T));
        assertEquals("20251007", fmt("%Y%m%d", T));
        assertEquals("21", fmt("%H", T));
        assertEquals("21:09:28", fmt("%H:%M:%S", T));
        assertEquals("2025/10/07/21", fmt("%Y/%m/%d/%H", T));
        assertEquals("year=2025/month=10/day=07", fmt("year=%Y/month=%m/day=%d", T));
        assertEquals("2025-10-07T21:09:28.595Z", fmt("%Y-%m-%dT%H:%M:%S%.3fZ", T));
        assertEquals("literal_text_20251007", fmt("literal_text_%Y%m%d", T));
        assertThrows(IllegalArgumentException.class, () -> TimePattern.compile("%F/%H%M%S%L"));
    }

    @Test
    void coversChronosOtherSpecifiers() {
        assertEquals("2025-10-07", fmt("%F", T));
        assertEquals("10/07/25", fmt("%D", T));
        assertEquals("Tue Oct  7 21:09:28 2025", fmt("%c", T));
        assertEquals("Tuesday October Tue Oct", fmt("%A %B %a %b", T));
        assertEquals("280 2 2", fmt("%j %u %w", T));
        assertEquals("40 40 41 2025 25", fmt("%U %W %V %G %g", T));
        assertEquals("09 9 PM pm", fmt("%I %-I %p %P", T));
        assertEquals("595325952 .595325952 595325 .595", fmt("%f %.f %6f %.3f", T));
        assertEquals(" 7 7 07", fmt("%e %-d %d", T));
        assertEquals("1759871368 UTC +0000 +00:00 %", fmt("%s %Z %z %:z %%", T));
        assertEquals("2025-10-07T21:09:28.595325952+00:00", fmt("%+", T));
        // %.f drops a zero fraction; dates before 1970 work
        assertEquals("1969-12-31 23:59:59", fmt("%F %T%.f", -1_000_000_000L));
    }

    @Test
    void rejectsWhatChronoRejects() {
        assertThrows(IllegalArgumentException.class, () -> TimePattern.compile("%"));
        assertThrows(IllegalArgumentException.class, () -> TimePattern.compile("%Q"));
        assertThrows(IllegalArgumentException.class, () -> Partitioner.checkTimePattern("%Y/../%m"));
    }

    @Test
    void partitionValuesAreTextEscapedLikeHive() {
        assertEquals("2023-10-09T17:13:40.200", Partitioner.valueText(DataType.TIMESTAMP, 1_696_871_620_200_000_000L));
        assertEquals("2023-10-09", Partitioner.valueText(DataType.DATE, 19_639));
        assertEquals("12.30", Partitioner.valueText(DataType.decimal(10, 2), new java.math.BigDecimal("12.3")));
        assertEquals("18446744073709551615", Partitioner.valueText(DataType.UINT64, -1L));
        StringBuilder out = new StringBuilder();
        Partitioner.escape("a/../b:c=d%", out);
        assertEquals("a%2F..%2Fb%3Ac%3Dd%25", out.toString());
    }

    @Test
    void fileNamesFollowTheirStrategy() {
        FileNaming serial = new FileNaming("events", "json", FileNaming.Strategy.SERIAL, () -> 0L);
        assertEquals("events-00007-002.json", serial.name(7, 2));
        FileNaming uuid = new FileNaming(null, "json", FileNaming.Strategy.UUID, () -> 0L);
        assertTrue(Pattern.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.json",
                uuid.name(0, 0)));
        FileNaming v7 = new FileNaming(null, "json", FileNaming.Strategy.UUID_V7, () -> 0x0192_3456_789aL);
        String v7Name = v7.name(0, 0);
        assertTrue(v7Name.startsWith("01923456-789a-7"), v7Name);
        FileNaming ulid = new FileNaming(null, "json", FileNaming.Strategy.ULID, () -> 1_469_918_176_385L);
        String ulidName = ulid.name(0, 0);
        // the ULID specification's example time 1469918176385 encodes as 01ARYZ6S41
        assertTrue(ulidName.startsWith("01ARYZ6S41") && ulidName.length() == 26 + ".json".length(), ulidName);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(ulid.name(0, 0));
        }
        assertEquals(1000, names.size());
        assertEquals(FileNaming.Strategy.UUID_V7, FileNaming.Strategy.parse("uuidV7"));
    }
}
