package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

class JsonRowEncoderTest {

    private static String one(DataType type, Object value) {
        return new JsonRowEncoder(Schema.of(Field.of("v", type))).encode(new Object[] {value});
    }

    private static String one(DataType type, Object value, JsonFormat format) {
        return new JsonRowEncoder(Schema.of(Field.of("v", type)), format).encode(new Object[] {value});
    }

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void writesFieldsInOrderWithoutTimestamp() {
        Schema schema = Schema.of(Field.of("value", DataType.UTF8), Field.of("number", DataType.INT32))
                .withTimestamp();
        JsonRowEncoder encoder = new JsonRowEncoder(schema);
        // Arroyo's serializer test: {"value":"a","number":1}
        assertEquals("{\"value\":\"a\",\"number\":1}", encoder.encode(new Object[] {"a", 1, 123L}));
        assertEquals("{\"value\":\"whatever\",\"number\":4}", encoder.encode(new Object[] {"whatever", 4, 0L}));
    }

    @Test
    void nullsAreExplicit() {
        Schema schema = Schema.of(Field.of("a", DataType.INT64), Field.of("b", DataType.UTF8));
        assertEquals("{\"a\":null,\"b\":null}", new JsonRowEncoder(schema).encode(new Object[] {null, null}));
    }

    @Test
    void timestampsAreNaiveRfc3339WithAutoSizedFraction() {
        assertEquals("{\"v\":\"2023-10-09T17:13:40.200\"}", one(DataType.TIMESTAMP, nanos("2023-10-09T17:13:40.200Z")));
        assertEquals("{\"v\":\"2023-10-09T17:13:40\"}", one(DataType.TIMESTAMP, nanos("2023-10-09T17:13:40Z")));
        assertEquals("{\"v\":\"2023-10-09T17:13:40.123456\"}",
                one(DataType.TIMESTAMP, nanos("2023-10-09T17:13:40.123456Z")));
        assertEquals("{\"v\":\"2023-10-09T17:13:40.000000001\"}",
                one(DataType.TIMESTAMP, nanos("2023-10-09T17:13:40.000000001Z")));
        assertEquals("{\"v\":\"1969-12-31T23:59:59.999\"}", one(DataType.TIMESTAMP, -1_000_000L));
        assertEquals("{\"v\":\"1970-01-01T00:00:00\"}", one(DataType.TIMESTAMP, 0L));
    }

    @Test
    void timestampsAsUnixMillisTruncate() {
        JsonFormat millis = new JsonFormat(JsonFormat.TimestampFormat.UNIX_MILLIS, null);
        // Arroyo's test_json_unix_ts
        assertEquals("{\"v\":1612274910045}", one(DataType.TIMESTAMP, 1612274910045331968L, millis));
        assertEquals("{\"v\":null}", one(DataType.TIMESTAMP, null, millis));
        assertEquals("{\"v\":1712274910045}", one(DataType.TIMESTAMP, 1712274910045331968L, millis));
        assertEquals("{\"v\":86400000}", one(DataType.DATE, 1, millis));
    }

    @Test
    void dateTimeAndInterval() {
        assertEquals("{\"v\":\"2023-10-09\"}", one(DataType.DATE, 19639));
        assertEquals("{\"v\":\"17:13:40.200\"}", one(DataType.TIME, (17 * 3600 + 13 * 60 + 40) * 1_000_000_000L + 200_000_000L));
        assertEquals("{\"v\":\"1 hours 2 mins 3.500000000 secs\"}",
                one(DataType.INTERVAL, (3600 + 120 + 3) * 1_000_000_000L + 500_000_000L));
        assertEquals("{\"v\":\"-1.000000000 secs\"}", one(DataType.INTERVAL, -1_000_000_000L));
    }

    @Test
    void integersIncludingUnsigned() {
        assertEquals("{\"v\":-5}", one(DataType.INT8, (byte) -5));
        assertEquals("{\"v\":9223372036854775807}", one(DataType.INT64, Long.MAX_VALUE));
        assertEquals("{\"v\":4294967295}", one(DataType.UINT32, 4294967295L));
        assertEquals("{\"v\":18446744073709551615}", one(DataType.UINT64, -1L));
    }

    @Test
    void floatsLikeLexical() {
        assertEquals("{\"v\":1.0}", one(DataType.FLOAT64, 1.0));
        assertEquals("{\"v\":0.1}", one(DataType.FLOAT64, 0.1));
        assertEquals("{\"v\":-2.5}", one(DataType.FLOAT64, -2.5));
        assertEquals("{\"v\":0.0}", one(DataType.FLOAT64, 0.0));
        assertEquals("{\"v\":1000000000.0}", one(DataType.FLOAT64, 1e9));
        assertEquals("{\"v\":1234567890.1}", one(DataType.FLOAT64, 1234567890.1));
        assertEquals("{\"v\":1.0e10}", one(DataType.FLOAT64, 1e10));
        assertEquals("{\"v\":1.5e20}", one(DataType.FLOAT64, 1.5e20));
        assertEquals("{\"v\":0.00001}", one(DataType.FLOAT64, 0.00001));
        assertEquals("{\"v\":1.5e-7}", one(DataType.FLOAT64, 1.5e-7));
        assertEquals("{\"v\":123.456}", one(DataType.FLOAT64, 123.456));
        assertEquals("{\"v\":null}", one(DataType.FLOAT64, Double.NaN));
        assertEquals("{\"v\":null}", one(DataType.FLOAT64, Double.POSITIVE_INFINITY));
        assertEquals("{\"v\":0.1}", one(DataType.FLOAT32, 0.1f));
        assertEquals("{\"v\":3.4028235e38}", one(DataType.FLOAT32, Float.MAX_VALUE));
    }

    @Test
    void decimals() {
        DataType d = DataType.decimal(10, 2);
        assertEquals("{\"v\":12.30}", one(d, new BigDecimal("12.3")));
        assertEquals("{\"v\":-0.05}", one(d, new BigDecimal("-0.05")));
        assertEquals("{\"v\":\"12.30\"}", one(d, new BigDecimal("12.3"), new JsonFormat(null, JsonFormat.DecimalEncoding.STRING)));
        // 1230 as 16 big-endian bytes
        assertEquals("{\"v\":\"AAAAAAAAAAAAAAAAAAAEzg==\"}",
                one(d, new BigDecimal("12.3"), new JsonFormat(null, JsonFormat.DecimalEncoding.BYTES)));
        assertEquals("{\"v\":\"/////////////////////w==\"}",
                one(d, new BigDecimal("-0.01"), new JsonFormat(null, JsonFormat.DecimalEncoding.BYTES)));
    }

    @Test
    void stringsEscapedLikeSerdeJson() {
        assertEquals("{\"v\":\"a\\\"b\\\\c\\nd\\u0001é/\"}", one(DataType.UTF8, "a\"b\\c\nd\u0001é/"));
        assertEquals("{\"v\":\"\\u001f\\t\"}", one(DataType.UTF8, "\u001f\t"));
    }

    @Test
    void binaryAsBase64() {
        assertEquals("{\"v\":\"AQID\"}", one(DataType.BINARY, new byte[] {1, 2, 3}));
    }

    @Test
    void booleansStructsListsAndJson() {
        assertEquals("{\"v\":true}", one(DataType.BOOLEAN, true));
        DataType struct = DataType.struct(List.of(Field.of("x", DataType.INT32), Field.of("y", DataType.UTF8)));
        assertEquals("{\"v\":{\"x\":1,\"y\":null}}", one(struct, new Object[] {1, null}));
        assertEquals("{\"v\":[1,null,3]}", one(DataType.list(DataType.INT64), Arrays.asList(1L, null, 3L)));
        assertEquals("{\"v\":{\"b\":[1,2.5,\"x\"],\"a\":null}}",
                one(DataType.JSON, "{ \"b\" : [1, 2.5, \"x\"], \"a\": null }"));
    }

    @Test
    void wrongJavaTypeNamesTheColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> one(DataType.of(TypeId.INT64), "nope"));
        assertEquals(true, e.getMessage().contains("'v'"), e.getMessage());
    }
}
