package org.wadi.connector.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.types.DataType;

/** PostgreSQL's text forms decoded into Wadi's values, and the messages for values that do not fit. */
class PgTextTest {

    static Object decode(String text, DataType type) {
        return PgText.decode(text, type, "column 'c' of public.t");
    }

    @Test
    void scalars() {
        assertNull(decode(null, DataType.INT64));
        assertEquals(-5L, decode("-5", DataType.INT64));
        assertEquals((short) 3, decode("3", DataType.INT16));
        assertEquals(new BigDecimal("-0.50"), decode("-0.50", DataType.decimal(5, 2)));
        assertEquals(Boolean.FALSE, decode("f", DataType.BOOLEAN));
        assertEquals(Double.NaN, decode("NaN", DataType.FLOAT64));
        assertEquals("{\"a\":1}", decode("{\"a\":1}", DataType.JSON));
        assertArrayEquals(new byte[] {(byte) 0xde, (byte) 0xad}, (byte[]) decode("\\xdead", DataType.BINARY));
        assertEquals(0, decode("1970-01-01", DataType.DATE));
        assertEquals(3_723_000_000_000L, decode("01:02:03", DataType.TIME));
    }

    @Test
    void timestampsWithAndWithoutOffsets() {
        assertEquals(0L, decode("1970-01-01 00:00:00", DataType.TIMESTAMP));
        assertEquals(1_000L, decode("1970-01-01 00:00:00.000001", DataType.TIMESTAMP));
        assertEquals(0L, decode("1970-01-01 05:30:00+05:30", DataType.TIMESTAMP));
        assertEquals(0L, decode("1969-12-31 16:00:00-08", DataType.TIMESTAMP));
        assertEquals(-1_000_000_000L, decode("1969-12-31 23:59:59+00", DataType.TIMESTAMP));
    }

    @Test
    void arrays() {
        assertEquals(List.of(), decode("{}", DataType.list(DataType.INT64)));
        assertEquals(Arrays.asList(1L, null, -3L), decode("{1,NULL,-3}", DataType.list(DataType.INT64)));
        assertEquals(Arrays.asList("NULL", null, "a,b", "q\"uote", "back\\slash", ""),
                decode("{\"NULL\",NULL,\"a,b\",\"q\\\"uote\",\"back\\\\slash\",\"\"}", DataType.list(DataType.UTF8)));
    }

    @Test
    void valuesThatDoNotFitAreNamed() {
        String m = assertThrows(IllegalArgumentException.class, () -> decode("abc", DataType.INT32)).getMessage();
        assertTrue(m.startsWith("Cannot read value 'abc' of column 'c' of public.t as "), m);
        m = assertThrows(IllegalArgumentException.class, () -> decode("infinity", DataType.TIMESTAMP)).getMessage();
        assertTrue(m.contains("outside the range"), m);
        m = assertThrows(IllegalArgumentException.class, () -> decode("{{1},{2}}", DataType.list(DataType.INT64)))
                .getMessage();
        assertTrue(m.contains("only one-dimensional arrays"), m);
    }
}
