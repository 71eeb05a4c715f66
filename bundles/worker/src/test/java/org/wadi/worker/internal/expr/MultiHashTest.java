package org.wadi.worker.internal.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.types.DataType;

/** Arrow's row format as multi_hash encodes it: the examples of arrow-row's documentation. */
class MultiHashTest {

    private static String encode(DataType type, Object value) throws PlanException {
        return Sql.hex(new MultiHash(List.of(type), "calc_1").encode(0, value));
    }

    @Test
    void integersAreBigEndianWithTheSignBitFlipped() throws PlanException {
        assertEquals("0100000003", encode(DataType.UINT32, 3L));
        assertEquals("0100000102", encode(DataType.UINT32, 258L));
        assertEquals("0100005b7f", encode(DataType.UINT32, 23423L));
        assertEquals("0000000000", encode(DataType.UINT32, null));
        assertEquals("0180000005", encode(DataType.INT32, 5));
        assertEquals("017ffffffb", encode(DataType.INT32, -5));
        assertEquals("018000000000000005", encode(DataType.INT64, 5L));
        assertEquals("0101", encode(DataType.BOOLEAN, true));
    }

    @Test
    void floatsAreTotallyOrdered() throws PlanException {
        assertEquals("01bff0000000000000", encode(DataType.FLOAT64, 1.0));
        assertEquals("01400fffffffffffff", encode(DataType.FLOAT64, -1.0));
        assertEquals("01bf800000", encode(DataType.FLOAT32, 1.0f));
    }

    @Test
    void decimalsAreTheirUnscaledValueIn128Bits() throws PlanException {
        assertEquals("01800000000000000000000000000004d2", encode(DataType.decimal(10, 2), new BigDecimal("12.34")));
        assertEquals("017fffffffffffffffffffffffffffffff", encode(DataType.decimal(10, 0), new BigDecimal("-1")));
    }

    @Test
    void textIsWrittenInBlocks() throws PlanException {
        assertEquals("00", encode(DataType.UTF8, null));
        assertEquals("01", encode(DataType.UTF8, ""));
        // "MEEP": one 8-byte mini block, then its used length
        assertEquals("024d45455000000000" + "04", encode(DataType.UTF8, "MEEP"));
        // "Defenestration" (14 bytes): a full mini block, then 6 bytes
        assertEquals("02" + "446566656e657374ff" + "726174696f6e000006", encode(DataType.UTF8, "Defenestration"));
        // 40 bytes: four mini blocks, the last continued, then a 32-byte block of 8
        String forty = "a".repeat(40);
        String mini = "6161616161616161";
        assertEquals("02" + (mini + "ff").repeat(4) + mini + "00".repeat(24) + "08", encode(DataType.UTF8, forty));
    }

    @Test
    void typesWithoutAReproducedEncodingAreRefused() {
        assertThrows(PlanException.class, () -> new MultiHash(List.of(DataType.INTERVAL), "calc_1"));
        assertThrows(PlanException.class, () -> new MultiHash(List.of(DataType.list(DataType.INT32)), "calc_1"));
        assertThrows(PlanException.class, () -> new MultiHash(List.of(), "calc_1"));
    }

    @Test
    void theHashIsXxh3OfTheConcatenatedRow() throws PlanException {
        MultiHash h = new MultiHash(List.of(DataType.UTF8, DataType.INT64), "calc_1");
        byte[] row = Sql.unhex("02" + "6100000000000000" + "01" + "018000000000000001");
        assertEquals(Sql.hex(Xxh3.hash128(row, row.length)), Sql.hex(h.hash(new Object[] {"a", 1L})));
    }
}
