package org.wadi.worker.internal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/** Batches of rows of every value type through the wire form and back. */
class RowCodecTest {

    static final DataType POINT = DataType.struct(List.of(Field.of("x", DataType.FLOAT64), Field.of("label", DataType.UTF8)));
    static final DataType NESTED = DataType.struct(List.of(Field.of("id", DataType.INT64), Field.of("at", POINT),
            Field.of("tags", DataType.list(DataType.UTF8))));

    /** One column of every type, then the hidden event time. */
    static final Schema ALL = Schema.of(
            Field.of("b", DataType.BOOLEAN), Field.of("i8", DataType.INT8), Field.of("i16", DataType.INT16),
            Field.of("i32", DataType.INT32), Field.of("i64", DataType.INT64), Field.of("u8", DataType.UINT8),
            Field.of("u16", DataType.UINT16), Field.of("u32", DataType.UINT32), Field.of("u64", DataType.UINT64),
            Field.of("f32", DataType.FLOAT32), Field.of("f64", DataType.FLOAT64),
            Field.of("dec", DataType.decimal(38, 10)), Field.of("s", DataType.UTF8), Field.of("bin", DataType.BINARY),
            Field.of("date", DataType.DATE), Field.of("time", DataType.TIME), Field.of("iv", DataType.INTERVAL),
            Field.of("json", DataType.JSON), Field.of("nested", NESTED),
            Field.of("list", DataType.list(DataType.INT64)), Field.of("structs", DataType.list(POINT)),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));

    static Object[] row(long n) {
        return new Object[] {n % 2 == 0, (byte) n, (short) (n * 3), (int) (n * 1000), n * 1_000_000_007L, (short) (n % 256),
                (int) (n % 65536), n % 4_294_967_296L, -n, (float) n / 3, n / 7.0,
                new BigDecimal("12345678901234567890.0123456789").multiply(BigDecimal.valueOf(n - 2)),
                "row " + n + " é ✓ 😀", new byte[] {(byte) n, 0, -1}, (int) (19_000 + n), n * 1_000_000L, n * 60_000_000_000L,
                "{\"n\":" + n + "}",
                new Object[] {n, new Object[] {n * 0.5, n % 3 == 0 ? null : "p" + n}, Arrays.asList("a", null, "c" + n)},
                Arrays.asList(n, null, -n), List.of(new Object[] {1.5, "q"}, new Object[] {-2.0, null}),
                1_700_000_000_000_000_000L + n};
    }

    static Object[][] roundTrip(RowCodec codec, Object[][] rows, int count) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        try {
            codec.encode(rows, count, buf);
            Object[][] back = codec.decode(buf);
            assertEquals(0, buf.readableBytes(), "the whole batch is read");
            return back;
        } finally {
            buf.release();
        }
    }

    static void assertRows(Object[][] expected, int count, Object[][] actual) {
        assertEquals(count, actual.length);
        for (int r = 0; r < count; r++) {
            assertValue(expected[r], actual[r], "row " + r);
        }
    }

    /** Deep equality in which structs (Object[]) and byte[] compare by content, decimals by value and scale. */
    static void assertValue(Object expected, Object actual, String where) {
        if (expected instanceof Object[] e) {
            assertTrue(actual instanceof Object[], where + ": " + actual);
            Object[] a = (Object[]) actual;
            assertEquals(e.length, a.length, where);
            for (int i = 0; i < e.length; i++) {
                assertValue(e[i], a[i], where + "[" + i + "]");
            }
        } else if (expected instanceof List<?> e) {
            assertTrue(actual instanceof List<?>, where + ": " + actual);
            List<?> a = (List<?>) actual;
            assertEquals(e.size(), a.size(), where);
            for (int i = 0; i < e.size(); i++) {
                assertValue(e.get(i), a.get(i), where + "[" + i + "]");
            }
        } else if (expected instanceof byte[] e) {
            assertArrayEquals(e, (byte[]) actual, where);
        } else {
            assertEquals(expected, actual, where);
            if (expected != null) {
                assertEquals(expected.getClass(), actual.getClass(), where);
            }
        }
    }

    @Test
    void everyTypeRoundTripsWithItsJavaClass() {
        RowCodec codec = RowCodec.of(ALL);
        Object[][] rows = new Object[10][];
        for (int n = 0; n < rows.length; n++) {
            rows[n] = row(n);
        }
        assertRows(rows, rows.length, roundTrip(codec, rows, rows.length));
        // every type of the enumeration is covered by the schema above
        for (TypeId id : TypeId.values()) {
            assertTrue(ALL.fields().stream().anyMatch(f -> f.type().id() == id), id + " is tested");
        }
    }

    @Test
    void nullsInEveryColumnAndWholeNullColumns() {
        RowCodec codec = RowCodec.of(ALL);
        Object[][] rows = new Object[19][];
        for (int n = 0; n < rows.length; n++) {
            rows[n] = row(n);
            for (int c = 0; c < rows[n].length - 1; c++) {
                // a different pattern of nulls in each column; column 0 is null in every row
                if (c == 0 || (n + c) % 3 == 0) {
                    rows[n][c] = null;
                }
            }
        }
        assertRows(rows, rows.length, roundTrip(codec, rows, rows.length));
    }

    @Test
    void onlyTheFirstCountRowsAreSent() {
        RowCodec codec = RowCodec.of(ALL);
        Object[][] rows = new Object[8][];
        for (int n = 0; n < 3; n++) {
            rows[n] = row(n);
        }
        assertRows(rows, 3, roundTrip(codec, rows, 3));
        assertEquals(0, roundTrip(codec, rows, 0).length);
    }

    @Test
    void valuesOfAnotherClassThanTheirTypeFallBackToTaggedValues() {
        Schema schema = Schema.of(Field.of("a", DataType.INT64), Field.of("s", DataType.UTF8), Field.of("p", POINT));
        RowCodec codec = RowCodec.of(schema);
        // an INT where the schema says BIGINT, a number where it says TEXT, a struct of the wrong width
        Object[][] rows = {
            {1L, "x", new Object[] {1.0, "a"}},
            {2, 7L, new Object[] {1.0}},
            {null, null, null},
        };
        assertRows(rows, rows.length, roundTrip(codec, rows, rows.length));
    }

    @Test
    void rowsOfAnotherWidthThanTheSchemaAndWithoutASchema() {
        RowCodec codec = RowCodec.of(Schema.of(Field.of("n", DataType.INT64)));
        Object[][] wider = {{1L, 1000L}, {2L, 2000L}};
        assertRows(wider, 2, roundTrip(codec, wider, 2));
        Object[][] ragged = {{1L}, {2L, "two"}, {}};
        assertRows(ragged, 3, roundTrip(codec, ragged, 3));
        Object[][] any = {{1L, "s", 2.5, new byte[] {1}, List.of(1, 2)}};
        assertRows(any, 1, roundTrip(RowCodec.of(null), any, 1));
    }

    @Test
    void longStringsAndLargeBatches() {
        RowCodec codec = RowCodec.of(Schema.of(Field.of("s", DataType.UTF8), Field.of("n", DataType.INT64)));
        String longText = "x".repeat(300) + "é".repeat(300);
        Object[][] rows = new Object[5000][];
        for (int n = 0; n < rows.length; n++) {
            rows[n] = new Object[] {n % 2 == 0 ? longText + n : "é".repeat(42), (long) n};
        }
        // around the longest string with a one-byte length (254 bytes)
        rows[1][0] = "a".repeat(254);
        rows[3][0] = "a".repeat(255);
        rows[5][0] = "a".repeat(256);
        rows[7][0] = "";
        assertRows(rows, rows.length, roundTrip(codec, rows, rows.length));
    }

    @Test
    void valuesThatAreNoWadiTypeAreRefusedWithTheirClass() {
        RowCodec codec = RowCodec.of(Schema.of(Field.of("n", DataType.INT64)));
        Object[][] rows = {{new StringBuilder("no")}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.encode(rows, 1, Unpooled.buffer()));
        assertTrue(e.getMessage().contains("java.lang.StringBuilder"), e.getMessage());
    }

    @Test
    void aTruncatedBatchIsAnErrorNotGarbage() {
        RowCodec codec = RowCodec.of(ALL);
        Object[][] rows = {row(1), row(2)};
        ByteBuf buf = Unpooled.buffer();
        codec.encode(rows, 2, buf);
        ByteBuf cut = buf.slice(0, buf.readableBytes() - 5);
        assertThrows(IndexOutOfBoundsException.class, () -> codec.decode(cut));
        // a string whose length runs past the end is refused before anything is allocated for it
        RowCodec text = RowCodec.of(Schema.of(Field.of("s", DataType.UTF8)));
        ByteBuf one = Unpooled.buffer();
        text.encode(new Object[][] {{"y".repeat(3000)}}, 1, one);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> text.decode(one.slice(0, 20)));
        assertTrue(e.getMessage().startsWith("a length of 3000 bytes"), e.getMessage());
    }

    @Test
    void theCompactFormIsSmallerThanTaggedValues() {
        Schema schema = Schema.of(Field.of("a", DataType.INT64), Field.of("b", DataType.INT64),
                new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        Object[][] rows = new Object[512][];
        List<Object[]> list = new ArrayList<>();
        for (int n = 0; n < rows.length; n++) {
            rows[n] = new Object[] {(long) n, n * 2L, n * 3L};
            list.add(rows[n]);
        }
        ByteBuf typed = Unpooled.buffer();
        RowCodec.of(schema).encode(rows, rows.length, typed);
        ByteBuf tagged = Unpooled.buffer();
        RowCodec.of(null).encode(rows, rows.length, tagged);
        // 8 bytes a value plus a few of header, against 9 a value tagged
        assertTrue(typed.readableBytes() < 512 * 3 * 8 + 16, typed.readableBytes() + " bytes");
        assertTrue(tagged.readableBytes() >= 512 * 3 * 9, tagged.readableBytes() + " bytes");
        assertEquals(list.size(), RowCodec.of(schema).decode(typed).length);
    }

    @Test
    void stringsRepeatedInABatchAreWrittenOnceAndReadAsOneString() {
        RowCodec codec = RowCodec.of(Schema.of(Field.of("channel", DataType.UTF8), Field.of("n", DataType.INT64)));
        String[] channels = {"Google", "Facebook", "Baidu", "Apple", "é".repeat(200)};
        Object[][] rows = new Object[512][];
        for (int n = 0; n < rows.length; n++) {
            // equal strings of different instances, NULLs between them
            rows[n] = new Object[] {n % 7 == 0 ? null : new String(channels[n % channels.length]), (long) n};
        }
        ByteBuf buf = Unpooled.buffer();
        codec.encode(rows, rows.length, buf);
        int distinctBytes = 0;
        for (String c : channels) {
            distinctBytes += c.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        assertTrue(buf.readableBytes() < distinctBytes + 512 * (8 + 2) + 64, buf.readableBytes() + " bytes");
        Object[][] back = codec.decode(buf);
        assertRows(rows, rows.length, back);
        assertTrue(back[1][0] == back[6][0], "one String per distinct value");
    }

    @Test
    void stringsThatHardlyRepeatAndMixedColumnsStillRoundTrip() {
        RowCodec codec = RowCodec.of(Schema.of(Field.of("s", DataType.UTF8)));
        Object[][] rows = new Object[600][];
        for (int n = 0; n < rows.length; n++) {
            // unique at first (the look-ups stop), then repeats of earlier strings, written in full
            rows[n] = new Object[] {n < 100 ? "u" + n : "u" + (n % 50)};
        }
        assertRows(rows, rows.length, roundTrip(codec, rows, rows.length));
        Object[][] mixed = new Object[20][];
        for (int n = 0; n < mixed.length; n++) {
            mixed[n] = new Object[] {n == 13 ? (Object) 13L : "v" + (n % 3)};
        }
        assertRows(mixed, mixed.length, roundTrip(codec, mixed, mixed.length));
    }
}
