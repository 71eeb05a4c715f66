package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

class JsonRowDecoderTest {

    private static final Schema ALL = Schema.of(
            Field.of("b", DataType.BOOLEAN),
            Field.of("i", DataType.INT32),
            Field.of("u", DataType.UINT64),
            Field.of("f", DataType.FLOAT64),
            Field.of("d", DataType.decimal(10, 2)),
            Field.of("s", DataType.UTF8),
            Field.of("bin", DataType.BINARY),
            Field.of("ts", DataType.TIMESTAMP),
            Field.of("day", DataType.DATE),
            Field.of("st", DataType.struct(List.of(Field.of("x", DataType.INT64)))),
            Field.of("l", DataType.list(DataType.UTF8)),
            Field.of("j", DataType.JSON));

    @Test
    void roundTripsWhatTheEncoderWrites() throws Exception {
        Object[] row = {true, 7, -1L, 2.5, new BigDecimal("12.30"), "x\"y", new byte[] {1, 2},
                1_696_871_620_200_000_000L, 19639, new Object[] {5L}, Arrays.asList("a", null), "{\"k\":[1,2]}"};
        String json = new JsonRowEncoder(ALL).encode(row);
        Object[] back = new JsonRowDecoder(ALL).decode(json);
        assertEquals(json, new JsonRowEncoder(ALL).encode(back));
        assertEquals(-1L, back[2]);
        assertArrayEquals(new byte[] {1, 2}, (byte[]) back[6]);
        assertEquals(1_696_871_620_200_000_000L, back[7]);
        assertEquals(Arrays.asList("a", null), back[10]);
    }

    @Test
    void missingFieldsAreNullAndUnknownOnesIgnored() throws Exception {
        Object[] row = new JsonRowDecoder(ALL.withTimestamp()).decode("{\"i\": 3, \"other\": 1}");
        assertEquals(ALL.size(), row.length);
        assertEquals(3, row[1]);
        assertNull(row[0]);
        assertNull(row[11]);
    }

    @Test
    void acceptsArroyoReaderVariations() throws Exception {
        Schema s = Schema.of(Field.of("i", DataType.INT64), Field.of("ts", DataType.TIMESTAMP),
                Field.of("ms", DataType.timestamp(3)), Field.of("f", DataType.FLOAT32));
        Object[] row = new JsonRowDecoder(s).decode(
                "{\"i\": \"42\", \"ts\": \"2023-10-09 17:13:40.2+01:00\", \"ms\": 1000, \"f\": 1}");
        assertEquals(42L, row[0]);
        assertEquals(1_696_868_020_200_000_000L, row[1]);
        assertEquals(1_000_000_000L, row[2]);
        assertEquals(1.0f, row[3]);
    }

    @Test
    void wrongTypeNamesFieldValueAndLine() {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> new JsonRowDecoder(ALL).decode("{\"i\": \"abc\"}", 3));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("'i'"), e.getMessage());
        assertTrue(e.getMessage().contains("\"abc\""), e.getMessage());
        assertTrue(e.getMessage().contains("INT"), e.getMessage());
    }

    @Test
    void outOfRangeAndNotJson() {
        ConnectorException range = assertThrows(ConnectorException.class,
                () -> new JsonRowDecoder(ALL).decode("{\"i\": 3000000000}", 1));
        assertTrue(range.getMessage().contains("out of range"), range.getMessage());
        ConnectorException bad = assertThrows(ConnectorException.class,
                () -> new JsonRowDecoder(ALL).decode("{\"i\": ", 9));
        assertTrue(bad.getMessage().startsWith("Invalid JSON at line 9"), bad.getMessage());
        ConnectorException notObject = assertThrows(ConnectorException.class,
                () -> new JsonRowDecoder(ALL).decode("[1]", 2));
        assertTrue(notObject.getMessage().contains("expected an object"), notObject.getMessage());
    }

    @Test
    void notNullColumnsMustBePresent() {
        Schema s = Schema.of(new Field("id", DataType.INT64, false));
        ConnectorException e = assertThrows(ConnectorException.class, () -> new JsonRowDecoder(s).decode("{}", 1));
        assertTrue(e.getMessage().contains("'id'") && e.getMessage().contains("NOT NULL"), e.getMessage());
    }

    @Test
    void nestedErrorsNameThePath() {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> new JsonRowDecoder(ALL).decode("{\"st\": {\"x\": true}}", 1));
        assertTrue(e.getMessage().contains("'st.x'"), e.getMessage());
    }
}
