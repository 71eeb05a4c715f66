package org.wadi.worker.internal.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The function library's contract with the code generator, and the edge cases of its functions that
 * the end-to-end examples (the SQL module's FunctionsTest) do not reach.
 */
class FunctionLibraryTest {

    private static final Set<Class<?>> PARAMETERS = Set.of(String.class, long.class, Long.class, int.class,
            Integer.class, double.class, Double.class, boolean.class, Boolean.class, byte[].class, BigDecimal.class,
            Object.class, String[].class, Object[].class, List.class, List[].class);
    private static final Set<Class<?>> RESULTS = Set.of(String.class, long.class, Long.class, int.class,
            Integer.class, double.class, Double.class, boolean.class, Boolean.class, byte[].class, BigDecimal.class,
            List.class, Object.class);

    @Test
    void everyFunctionHasTypesTheGeneratorPasses() {
        for (String name : FunctionLibrary.names()) {
            for (Method m : FunctionLibrary.overloads(name)) {
                assertTrue(RESULTS.contains(m.getReturnType()), m + " returns " + m.getReturnType());
                for (Class<?> p : m.getParameterTypes()) {
                    assertTrue(PARAMETERS.contains(p), m + " takes " + p);
                    if (m.isAnnotationPresent(NullSafe.class)) {
                        assertFalse(p.isPrimitive(), m + " is null-safe but takes a primitive");
                    }
                }
            }
        }
        assertTrue(FunctionLibrary.names().containsAll(List.of("strpos", "instr", "pow", "power", "json_get_int")));
        assertTrue(ExprCompiler.supported().containsAll(List.of("regexp_replace", "nvl2", "greatest")));
    }

    @Test
    void arrays() {
        List<Object> withNull = java.util.Arrays.asList(1, null, 2, null);
        assertEquals(java.util.Arrays.asList(null, 1, 2), ArrayFunctions.array_distinct(withNull));
        assertEquals(java.util.Arrays.asList(1, 2, null, null), ArrayFunctions.array_sort(withNull, "asc", "nulls last"));
        assertEquals(2L, ArrayFunctions.array_position(withNull, null));
        assertNull(ArrayFunctions.array_position(null, 1));
        assertThrows(IllegalArgumentException.class, () -> ArrayFunctions.array_position(List.of(1), 1, 0L));
        assertThrows(IllegalArgumentException.class, () -> ArrayFunctions.array_sort(withNull, "UP"));
        assertThrows(IllegalArgumentException.class, () -> ArrayFunctions.array_slice(List.of(1), 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ArrayFunctions.array_resize(List.of(1), -1L));
        assertEquals(List.of(5, 3, 1), ArrayFunctions.array_slice(List.of(1, 2, 3, 4, 5), 5, 1, -2));
        assertEquals(List.of(), ArrayFunctions.array_slice(List.of(1, 2, 3), 3, 2));
        assertEquals(List.of(1, 2, 3), ArrayFunctions.array_slice(List.of(1, 2, 3), 0, 10));
        // values compare by content: bytes, decimals of another scale, structs
        assertTrue(ArrayFunctions.array_has(List.of(new byte[] {1, 2}), new byte[] {1, 2}));
        assertTrue(ArrayFunctions.array_has(List.of(new BigDecimal("1.50")), new BigDecimal("1.5")));
        assertTrue(ArrayFunctions.array_has(List.of((Object) new Object[] {1, "a"}), new Object[] {1, "a"}));
        assertEquals(List.of(1, 2), ArrayFunctions.array_except(List.of(1, 1, 2, 3), List.of(3)));
        assertNull(ArrayFunctions.array_cat(new List<?>[] {null, null}));
        assertEquals(List.of(1), ArrayFunctions.array_union(null, List.of(1, 1)));
        assertEquals(List.of(), ArrayFunctions.range(5, 1));
        assertEquals(List.of(Long.MAX_VALUE - 1, Long.MAX_VALUE),
                ArrayFunctions.generate_series(Long.MAX_VALUE - 1, Long.MAX_VALUE));
        assertEquals(List.of(), ArrayFunctions.string_to_array("", ","));
        assertEquals(List.of("a,b"), ArrayFunctions.string_to_array("a,b", ""));
        assertEquals(java.util.Arrays.asList(1, null), ArrayFunctions.flatten(List.of(List.of(1), java.util.Arrays.asList((Object) null))));
        assertEquals(List.of(0L), ArrayFunctions.array_dims(List.of()));
        assertNull(ArrayFunctions.array_distance(java.util.Arrays.asList(1.0, null), List.of(1.0, 2.0)));
    }

    @Test
    void listCastsConvertEveryElement() {
        assertEquals(java.util.Arrays.asList(1L, null), Sql.castList(java.util.Arrays.asList(1, null),
                org.wadi.spi.types.DataType.INT32, org.wadi.spi.types.DataType.INT64));
        assertEquals(List.of(List.of("2024-01-02")), Sql.castList(List.of(List.of(19724)),
                org.wadi.spi.types.DataType.list(org.wadi.spi.types.DataType.DATE),
                org.wadi.spi.types.DataType.list(org.wadi.spi.types.DataType.UTF8)));
        assertEquals(List.of(new BigDecimal("2.50")), Sql.castList(List.of(2.5), org.wadi.spi.types.DataType.FLOAT64,
                org.wadi.spi.types.DataType.decimal(10, 2)));
        assertThrows(IllegalArgumentException.class, () -> Sql.castList(List.of("x"),
                org.wadi.spi.types.DataType.UTF8, org.wadi.spi.types.DataType.INT32));
    }

    @Test
    void versionNamesWadi() {
        assertTrue(SystemFunctions.version().matches("Wadi \\S+, \\S+ on \\S+"), SystemFunctions.version());
    }

    @Test
    void strings() {
        assertEquals("4", StringFunctions.split_part("1.2.3.4.5", ".", -2));
        assertEquals("", StringFunctions.split_part("1.2", ".", 5));
        assertThrows(IllegalArgumentException.class, () -> StringFunctions.split_part("1.2", ".", 0));
        assertEquals("www.apache", StringFunctions.substr_index("www.apache.org", ".", 2));
        assertEquals("apache.org", StringFunctions.substr_index("www.apache.org", ".", -2));
        assertEquals("www.apache.org", StringFunctions.substr_index("www.apache.org", ".", 5));
        assertEquals("Dol", StringFunctions.lpad("Dolly", 3, "x"));
        assertEquals("", StringFunctions.lpad("Dolly", -1, "x"));
        assertEquals("dataf", StringFunctions.left("datafusion", -5));
        assertEquals("usion", StringFunctions.right("datafusion", -5));
        assertEquals("ab", StringFunctions.trim("TRAILING", "x", "abxx"));
        assertEquals(0, StringFunctions.strpos("abc", "z"));
        assertEquals("a_b", StringFunctions.concat_ws("_", new String[] {"a", null, "b"}));
        assertNull(StringFunctions.concat_ws(null, new String[] {"a"}));
        assertEquals("ffffffffffffffff", StringFunctions.to_hex(-1));
    }

    @Test
    void math() {
        assertEquals(0.0, MathFunctions.signum(0.0));
        assertEquals(-3.0, MathFunctions.trunc(-3.7));
        assertEquals(1230.0, MathFunctions.trunc(1234.5, -1));
        assertThrows(ArithmeticException.class, () -> MathFunctions.factorial(21));
        assertThrows(ArithmeticException.class, () -> MathFunctions.power(10, 19));
        assertEquals(-1, MathFunctions.power(-1, 5));
        assertEquals(0, MathFunctions.lcm(0, 5));
        assertEquals(6, MathFunctions.gcd(-12, 18));
    }

    @Test
    void regexReplacementsTakeRustAndPostgresGroupReferences() {
        assertEquals("$1-$2", RegexFunctions.replacement("\\1-\\2"));
        assertEquals("$1x", RegexFunctions.replacement("${1}x"));
        assertEquals("\\$", RegexFunctions.replacement("$$"));
        assertEquals("b-a", RegexFunctions.regexp_replace("a b", "(\\w) (\\w)", "${2}-${1}"));
        assertEquals("xbc xbc", RegexFunctions.regexp_replace("abc abc", "a", "x", "g"));
        assertEquals(0, RegexFunctions.regexp_count("abc", "a", 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegexFunctions.regexp_like("a", "(", ""));
        assertTrue(e.getMessage().startsWith("regexp_like: invalid regular expression '('"), e.getMessage());
    }

    @Test
    void timeFormatsAreChronos() {
        long ts = TimeFunctions.to_timestamp("2023-05-17 03:59:00.120");
        assertEquals("2023-05-17T03:59:00.120", TimeFunctions.to_char(ts, "%Y-%m-%dT%H:%M:%S%.f"));
        assertEquals("Wed May 17 2023", TimeFunctions.to_char(ts, "%a %b %e %Y"));
        assertEquals(ts, TimeFunctions.to_timestamp("17/05/2023 03:59:00.12", new String[] {"%d/%m/%Y %H:%M:%S%.f"}));
        assertEquals(TimeFunctions.to_timestamp("2023-05-17T01:59:00Z"),
                TimeFunctions.to_timestamp("2023-05-17 03:59 +0200", new String[] {"%Y-%m-%d %H:%M %z"}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeFunctions.to_timestamp("x", new String[] {"%Y"}));
        assertEquals("to_timestamp: 'x' matches none of the formats %Y", e.getMessage());
        assertEquals(TimeFunctions.to_timestamp("2024-01-01 00:00:00"),
                TimeFunctions.date_trunc("week", TimeFunctions.to_timestamp("2024-01-03 10:00:00")));
        assertEquals(4, TimeFunctions.extract("dow", TimeFunctions.to_timestamp("2024-05-09 00:00:00")));
    }

    @Test
    void jsonPaths() throws Exception {
        JsonNode doc = new ObjectMapper().readTree("{\"a\": [1, 2, 3, 4], \"b c\": {\"d\": {\"a\": 9}}}");
        assertEquals("[4]", select(doc, "$.a[-1]"));
        assertEquals("[2, 3]", select(doc, "$.a[1:3]"));
        assertEquals("[1, 3]", select(doc, "$.a[::2]"));
        assertEquals("[4, 3, 2, 1]", select(doc, "$.a[::-1]"));
        assertEquals("[{\"a\":9}]", select(doc, "$['b c'].d"));
        assertEquals("[[1,2,3,4], 9]", select(doc, "$..a"));
        assertEquals("[1, 2]", select(doc, "$.a[0, 1]"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonPath.compile("$.a[?(@ > 1)]"));
        assertEquals("Invalid json path '$.a[?(@ > 1)]': filter expressions ([?...]) are not supported yet",
                e.getMessage());
        assertNull(JsonFunctions.get_first_json_object("not json", "$.a"));
        assertEquals(4L, JsonFunctions.json_get_int("{\"a\": [1, 2, 3, 4]}", new Object[] {"a", -1}));
        assertNull(JsonFunctions.json_get_int("{\"a\": 1.5}", new Object[] {"a"}));
    }

    private static String select(JsonNode doc, String path) {
        return JsonPath.compile(path).select(doc).toString();
    }
}
