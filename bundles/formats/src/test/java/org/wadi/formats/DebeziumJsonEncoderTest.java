package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

class DebeziumJsonEncoderTest {

    static final Schema COLUMNS = Schema.of(Field.of("k", DataType.UTF8), Field.of("n", DataType.INT64));

    /** What the encoder gave, in order: each event and the row that placed it. */
    private final List<String> events = new ArrayList<>();
    private final List<Object[]> placements = new ArrayList<>();
    private final DebeziumJsonEncoder.Events out = (json, row) -> {
        events.add(json);
        placements.add(row);
    };

    static Object[] change(String k, long n, int kind) {
        return new Object[] {k, n, RowKind.of(kind), 1_000L};
    }

    private DebeziumJsonEncoder updating() {
        return new DebeziumJsonEncoder(COLUMNS, JsonFormat.DEFAULT.withDebezium(true), true);
    }

    @Test
    void insertIsACreateWithoutBefore() throws Exception {
        Object[] row = change("a", 1, RowKind.INSERT);
        updating().encode(row, out);
        assertEquals(List.of("{\"before\":null,\"after\":{\"k\":\"a\",\"n\":1},\"op\":\"c\"}"), events);
        assertSame(row, placements.get(0));
    }

    @Test
    void anUpdatePairIsOneUpdateEventPlacedByTheNewRow() throws Exception {
        DebeziumJsonEncoder encoder = updating();
        encoder.encode(change("a", 1, RowKind.UPDATE_BEFORE), out);
        assertEquals(List.of(), events, "the old row waits for its new one");
        Object[] after = change("a", 2, RowKind.UPDATE_AFTER);
        encoder.encode(after, out);
        assertEquals(List.of("{\"before\":{\"k\":\"a\",\"n\":1},\"after\":{\"k\":\"a\",\"n\":2},\"op\":\"u\"}"), events);
        assertSame(after, placements.get(0));
        encoder.flush(out);
        assertEquals(1, events.size(), "nothing is held after a complete pair");
    }

    @Test
    void deleteIsADeleteWithoutAfter() throws Exception {
        updating().encode(change("a", 2, RowKind.DELETE), out);
        assertEquals(List.of("{\"before\":{\"k\":\"a\",\"n\":2},\"after\":null,\"op\":\"d\"}"), events);
    }

    @Test
    void aLoneUpdateAfterIsACreate() throws Exception {
        updating().encode(change("a", 2, RowKind.UPDATE_AFTER), out);
        assertEquals(List.of("{\"before\":null,\"after\":{\"k\":\"a\",\"n\":2},\"op\":\"c\"}"), events);
    }

    @Test
    void aLoneUpdateBeforeIsADeleteWhenAnythingElseFollows() throws Exception {
        DebeziumJsonEncoder encoder = updating();
        Object[] old = change("a", 1, RowKind.UPDATE_BEFORE);
        encoder.encode(old, out);
        Object[] insert = change("b", 5, RowKind.INSERT);
        encoder.encode(insert, out);
        assertEquals(List.of("{\"before\":{\"k\":\"a\",\"n\":1},\"after\":null,\"op\":\"d\"}",
                "{\"before\":null,\"after\":{\"k\":\"b\",\"n\":5},\"op\":\"c\"}"), events);
        assertSame(old, placements.get(0));
        assertSame(insert, placements.get(1));

        events.clear();
        encoder.encode(change("c", 1, RowKind.UPDATE_BEFORE), out);
        encoder.encode(change("d", 1, RowKind.UPDATE_BEFORE), out);
        encoder.encode(change("d", 2, RowKind.UPDATE_AFTER), out);
        assertEquals(List.of("{\"before\":{\"k\":\"c\",\"n\":1},\"after\":null,\"op\":\"d\"}",
                "{\"before\":{\"k\":\"d\",\"n\":1},\"after\":{\"k\":\"d\",\"n\":2},\"op\":\"u\"}"), events);

        events.clear();
        encoder.encode(change("e", 1, RowKind.UPDATE_BEFORE), out);
        encoder.encode(change("e", 1, RowKind.DELETE), out);
        assertEquals(2, events.size());
        assertTrue(events.stream().allMatch(e -> e.endsWith("\"after\":null,\"op\":\"d\"}")), events.toString());
    }

    @Test
    void flushWritesAHeldUpdateBeforeAsADeleteOnce() throws Exception {
        DebeziumJsonEncoder encoder = updating();
        encoder.encode(change("a", 1, RowKind.UPDATE_BEFORE), out);
        encoder.flush(out);
        encoder.flush(out);
        assertEquals(List.of("{\"before\":{\"k\":\"a\",\"n\":1},\"after\":null,\"op\":\"d\"}"), events);
        // its new row, arriving after the flush, is then a create: the same result
        encoder.encode(change("a", 2, RowKind.UPDATE_AFTER), out);
        assertEquals("{\"before\":null,\"after\":{\"k\":\"a\",\"n\":2},\"op\":\"c\"}", events.get(1));
    }

    @Test
    void appendedRowsAreAllCreates() throws Exception {
        DebeziumJsonEncoder encoder = new DebeziumJsonEncoder(COLUMNS, JsonFormat.DEFAULT, false);
        // columns then _timestamp: no _op to read
        encoder.encode(new Object[] {"a", 1L, 1_000L}, out);
        encoder.encode(new Object[] {"b", 2L, 1_000L}, out);
        assertEquals(List.of("{\"before\":null,\"after\":{\"k\":\"a\",\"n\":1},\"op\":\"c\"}",
                "{\"before\":null,\"after\":{\"k\":\"b\",\"n\":2},\"op\":\"c\"}"), events);
    }

    @Test
    void valuesAreEncodedAsTheJsonFormatEncodesThem() throws Exception {
        Schema columns = Schema.of(Field.of("at", DataType.TIMESTAMP), Field.of("d", DataType.decimal(10, 2)));
        JsonFormat format = new JsonFormat(JsonFormat.TimestampFormat.UNIX_MILLIS, JsonFormat.DecimalEncoding.STRING,
                true);
        Object[] old = {1_759_871_368_000_000_000L, new java.math.BigDecimal("1.5"), RowKind.of(RowKind.UPDATE_BEFORE), 0L};
        Object[] now = {1_759_871_369_000_000_000L, null, RowKind.of(RowKind.UPDATE_AFTER), 0L};
        DebeziumJsonEncoder encoder = new DebeziumJsonEncoder(columns.withOp(), format, true);
        encoder.encode(old, out);
        encoder.encode(now, out);
        JsonRowEncoder plain = new JsonRowEncoder(columns, format);
        assertEquals("{\"before\":" + plain.encode(old) + ",\"after\":" + plain.encode(now) + ",\"op\":\"u\"}",
                events.get(0));
        assertEquals("{\"before\":{\"at\":1759871368000,\"d\":\"1.50\"},\"after\":{\"at\":1759871369000,\"d\":null},"
                + "\"op\":\"u\"}", events.get(0));
    }

    @Test
    void aRowWithoutAValidOpIsRefused() {
        DebeziumJsonEncoder encoder = updating();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(new Object[] {"a", 1L}, out));
        assertTrue(missing.getMessage().contains("_op at position 2"), missing.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(new Object[] {"a", 1L, 7, 0L}, out));
        assertTrue(bad.getMessage().contains(": 7"), bad.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(new Object[] {"a", "x", RowKind.of(RowKind.INSERT), 0L}, out));
        assertTrue(type.getMessage().contains("'n'"), type.getMessage());
        assertEquals(List.of(), events);
    }
}
