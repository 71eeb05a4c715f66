package org.wadi.formats;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** The 8-column table the format tests and the throughput figures use. */
final class Rows8 {

    static final Schema SCHEMA = Schema.of(
            new Field("id", DataType.INT64, false),
            Field.of("name", DataType.UTF8),
            Field.of("price", DataType.decimal(10, 2)),
            Field.of("ts", DataType.timestamp(6)),
            Field.of("ok", DataType.BOOLEAN),
            Field.of("score", DataType.FLOAT64),
            Field.of("tags", DataType.list(DataType.UTF8)),
            Field.of("address", DataType.struct(List.of(Field.of("city", DataType.UTF8),
                    Field.of("zip", DataType.INT32)))));

    private Rows8() {
    }

    /** Row {@code i}: distinct values in every column, NULLs in some rows. */
    static Object[] row(long i) {
        return new Object[] {
            i,
            i % 7 == 3 ? null : "name-" + i,
            new BigDecimal(i * 101).movePointLeft(2),
            1_700_000_000_000_000_000L + i * 1_000L,
            i % 2 == 0,
            i / 4.0,
            List.of("t" + i, "u"),
            new Object[] {"city-" + (i % 10), (int) (10_000 + i)},
        };
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
