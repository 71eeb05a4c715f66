package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

class DebeziumJsonDecoderTest {

    private static final Schema COLUMNS = DebeziumJsonEncoderTest.COLUMNS;

    /** The decoded rows as "kind values", e.g. "-U [a, 1]". */
    private final List<String> changes = new ArrayList<>();
    private final List<Object[]> rows = new ArrayList<>();
    private final DebeziumJsonDecoder.Changes out = (kind, values) -> {
        changes.add(RowKind.describe(kind) + " " + Arrays.toString(values));
        Object[] row = Arrays.copyOf(values, values.length + 1);
        row[values.length] = RowKind.of(kind);
        rows.add(row);
    };

    private void decode(String json) throws ConnectorException {
        new DebeziumJsonDecoder(COLUMNS).decode(json, 1, out);
    }

    private String error(String json) {
        return assertThrows(ConnectorException.class, () -> new DebeziumJsonDecoder(COLUMNS).decode(json, 4, out))
                .getMessage();
    }

    @Test
    void eachOpGivesItsRows() throws Exception {
        decode("{\"before\":null,\"after\":{\"k\":\"a\",\"n\":1},\"op\":\"c\"}");
        decode("{\"before\":null,\"after\":{\"k\":\"b\",\"n\":2},\"op\":\"r\",\"source\":{\"db\":\"x\"},\"ts_ms\":1}");
        decode("{\"op\":\"u\",\"before\":{\"k\":\"a\",\"n\":1},\"after\":{\"k\":\"a\",\"n\":3}}");
        decode("{\"before\":{\"k\":\"b\",\"n\":2},\"after\":null,\"op\":\"d\"}");
        assertEquals(List.of("+I [a, 1]", "+I [b, 2]", "-U [a, 1]", "+U [a, 3]", "-D [b, 2]"), changes);
        assertEquals(COLUMNS, new DebeziumJsonDecoder(COLUMNS.withOp()).schema());
    }

    @Test
    void anEventWrappedWithItsSchemaIsUnwrapped() throws Exception {
        decode("{\"schema\":{\"type\":\"struct\"},\"payload\":{\"before\":null,\"after\":{\"k\":\"a\",\"n\":1},"
                + "\"op\":\"c\"}}");
        assertEquals(List.of("+I [a, 1]"), changes);
    }

    @Test
    void badEventsNameTheLineAndWhatIsWrong() {
        String noOp = error("{\"after\":{\"k\":\"a\"}}");
        assertTrue(noOp.startsWith("Invalid Debezium JSON record at line 4: 'op' is missing"), noOp);
        String unknown = error("{\"after\":{\"k\":\"a\"},\"op\":\"t\"}");
        assertTrue(unknown.contains("unknown op \"t\""), unknown);
        String notText = error("{\"op\":1}");
        assertTrue(notText.contains("'op' is 1"), notText);
        String noBefore = error("{\"before\":null,\"after\":{\"k\":\"a\"},\"op\":\"u\"}");
        assertTrue(noBefore.contains("op \"u\" needs 'before' to be an object, got null")
                && noBefore.contains("REPLICA IDENTITY FULL"), noBefore);
        String noAfter = error("{\"before\":null,\"op\":\"c\"}");
        assertTrue(noAfter.contains("op \"c\" needs 'after' to be an object, got nothing"), noAfter);
        String deleteWithoutBefore = error("{\"after\":{\"k\":\"a\"},\"op\":\"d\"}");
        assertTrue(deleteWithoutBefore.contains("'before'"), deleteWithoutBefore);
        String field = error("{\"before\":null,\"after\":{\"k\":\"a\",\"n\":\"x\"},\"op\":\"c\"}");
        assertTrue(field.contains("line 4") && field.contains("'after.n'") && field.contains("\"x\""), field);
        String notJson = error("{\"op\":");
        assertTrue(notJson.startsWith("Invalid JSON at line 4"), notJson);
    }

    @Test
    void anInvalidUpdateGivesNoRowAtAll() {
        error("{\"before\":{\"k\":\"a\",\"n\":1},\"after\":{\"k\":\"a\",\"n\":\"x\"},\"op\":\"u\"}");
        assertEquals(List.of(), changes);
    }

    @Test
    void aChangelogRoundTrips() throws Exception {
        List<Object[]> changelog = List.of(
                DebeziumJsonEncoderTest.change("a", 1, RowKind.INSERT),
                DebeziumJsonEncoderTest.change("a", 1, RowKind.UPDATE_BEFORE),
                DebeziumJsonEncoderTest.change("a", 2, RowKind.UPDATE_AFTER),
                DebeziumJsonEncoderTest.change("b", 7, RowKind.INSERT),
                DebeziumJsonEncoderTest.change("a", 2, RowKind.DELETE));
        List<String> events = new ArrayList<>();
        DebeziumJsonEncoder encoder = new DebeziumJsonEncoder(COLUMNS, JsonFormat.DEFAULT.withDebezium(true), true);
        for (Object[] row : changelog) {
            encoder.encode(row, (json, placed) -> events.add(json));
        }
        encoder.flush((json, placed) -> events.add(json));
        assertEquals(4, events.size(), "the update pair is one event");
        DebeziumJsonDecoder decoder = new DebeziumJsonDecoder(COLUMNS);
        for (String e : events) {
            decoder.decode(e, -1, out);
        }
        assertEquals(changelog.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            // the decoded row is the columns then the kind; the original also has _timestamp
            assertArrayEquals(Arrays.copyOf(changelog.get(i), 3), rows.get(i), "row " + i);
        }
    }

    @Test
    void everyTypeRoundTrips() throws Exception {
        Schema all = Schema.of(
                Field.of("b", DataType.BOOLEAN),
                Field.of("u", DataType.UINT64),
                Field.of("f", DataType.FLOAT64),
                Field.of("d", DataType.decimal(10, 2)),
                Field.of("s", DataType.UTF8),
                Field.of("ts", DataType.TIMESTAMP),
                Field.of("day", DataType.DATE),
                Field.of("st", DataType.struct(List.of(Field.of("x", DataType.INT64)))),
                Field.of("l", DataType.list(DataType.UTF8)),
                Field.of("j", DataType.JSON));
        // the decoder reads what these options write (not unix_millis nor decimals as bytes, as the json format)
        for (JsonFormat.DecimalEncoding decimals : List.of(JsonFormat.DecimalEncoding.NUMBER,
                JsonFormat.DecimalEncoding.STRING)) {
            JsonFormat format = new JsonFormat(JsonFormat.TimestampFormat.RFC3339, decimals, true);
            Object[] before = {true, -1L, 2.5, new BigDecimal("12.30"), "x\"y", 1_696_871_620_200_000_000L, 19639,
                    new Object[] {5L}, Arrays.asList("a", null), "{\"k\":[1,2]}", RowKind.of(RowKind.UPDATE_BEFORE), 0L};
            Object[] after = before.clone();
            after[4] = "new";
            after[10] = RowKind.of(RowKind.UPDATE_AFTER);
            List<String> events = new ArrayList<>();
            DebeziumJsonEncoder encoder = new DebeziumJsonEncoder(all, format, true);
            encoder.encode(before, (json, placed) -> events.add(json));
            encoder.encode(after, (json, placed) -> events.add(json));
            List<Object[]> back = new ArrayList<>();
            new DebeziumJsonDecoder(all).decode(events.get(0), 1, (kind, values) -> back.add(values));
            assertEquals(2, back.size());
            JsonRowEncoder plain = new JsonRowEncoder(all, format);
            assertEquals(plain.encode(before), plain.encode(back.get(0)), decimals.toString());
            assertEquals(plain.encode(after), plain.encode(back.get(1)), decimals.toString());
            assertEquals(1_696_871_620_200_000_000L, back.get(0)[5]);
        }
    }
}
