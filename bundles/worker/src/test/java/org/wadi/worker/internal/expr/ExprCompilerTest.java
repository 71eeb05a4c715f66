package org.wadi.worker.internal.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

class ExprCompilerTest {

    private static final DataType I32 = DataType.INT32;
    private static final DataType I64 = DataType.INT64;
    private static final DataType F64 = DataType.FLOAT64;
    private static final DataType STR = DataType.UTF8;
    private static final DataType BOOL = DataType.BOOLEAN;

    private final ExprCompiler compiler = new ExprCompiler();

    static Expr ref(int i, DataType t) {
        return new Expr.InputRef(i, t);
    }

    static Expr lit(Object v, DataType t) {
        return new Expr.Literal(v == null ? null : v.toString(), t);
    }

    static Expr call(String op, DataType t, Expr... args) {
        return new Expr.Call(op, List.of(args), t);
    }

    /** Evaluates {@code e} as the single projection of a calc over {@code row}. */
    private Object eval(Expr e, Object... row) throws PlanException {
        List<Object[]> out = run(null, List.of(e), row);
        assertEquals(1, out.size());
        return out.get(0)[0];
    }

    private List<Object[]> run(Expr filter, List<Expr> projections, Object... row) throws PlanException {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < projections.size(); i++) {
            fields.add(Field.of("c" + i, projections.get(i).type()));
        }
        CalcOperator calc = new CalcOperator(Schema.of(), filter, projections, new Schema(fields));
        CalcFunction f = compiler.compile("calc_1", calc).newInstance();
        List<Object[]> out = new ArrayList<>();
        f.process(row, out::add);
        return out;
    }

    @Test
    void arithmeticPromotesAndPropagatesNull() throws Exception {
        assertEquals(7L, eval(call("+", I64, ref(0, I32), ref(1, I64)), 3, 4L));
        assertEquals(-1, eval(call("-", I32, ref(0, I32), lit(4, I32)), 3));
        assertEquals(12L, eval(call("*", I64, ref(0, I64), lit(-4, I64)), -3L));
        assertEquals(2L, eval(call("/", I64, lit(7, I64), lit(3, I64))));
        assertEquals(1L, eval(call("%", I64, lit(7, I64), lit(3, I64))));
        assertEquals(3.5, eval(call("/", F64, ref(0, F64), lit(2, I32)), 7.0));
        assertEquals(-5L, eval(call("NEG", I64, ref(0, I64)), 5L));
        assertNull(eval(call("+", I64, ref(0, I64), lit(1, I64)), (Object) null));
        assertNull(eval(call("/", I64, lit(null, I64), lit(0, I64))));
        assertEquals(new BigDecimal("3.75"),
                eval(call("+", DataType.decimal(10, 2), ref(0, DataType.decimal(10, 2)), lit(1, I32)), new BigDecimal("2.75")));
        assertEquals(new BigDecimal("0.33"),
                eval(call("/", DataType.decimal(10, 2), lit("1.00", DataType.decimal(10, 2)), lit(3, I32))));
    }

    @Test
    void divisionByZeroFailsTheRowWithAMessage() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> eval(call("/", I64, ref(0, I64), lit(0, I64)), 1L));
        assertEquals("division by zero", e.getMessage());
    }

    @Test
    void unsigned64IsReadUnsigned() throws Exception {
        DataType u64 = DataType.UINT64;
        long max = -1L; // 2^64 - 1
        assertEquals(Long.MAX_VALUE, eval(call("/", u64, ref(0, u64), lit(2, u64)), max));
        assertEquals(true, eval(call(">", BOOL, ref(0, u64), lit(1, u64)), max));
        assertEquals(true, eval(call(">", BOOL, ref(0, u64), lit(-5, I64)), 3L));
        assertEquals("18446744073709551615", eval(call("CAST", STR, ref(0, u64)), max));
        assertEquals(1.8446744073709552E19, eval(call("CAST", F64, ref(0, u64)), max));
        assertEquals(max, eval(lit("18446744073709551615", u64)));
    }

    @Test
    void comparisons() throws Exception {
        assertEquals(true, eval(call("=", BOOL, ref(0, STR), lit("a", STR)), "a"));
        assertEquals(true, eval(call("<", BOOL, ref(0, STR), lit("b", STR)), "a"));
        assertEquals(false, eval(call("<>", BOOL, ref(0, I32), lit(3, I64)), 3));
        assertEquals(true, eval(call(">=", BOOL, ref(0, I32), lit(2.5, F64)), 3));
        assertEquals(true, eval(call("=", BOOL, lit("1.0", DataType.decimal(3, 1)), lit(1, I32))));
        assertNull(eval(call("=", BOOL, ref(0, I32), lit(3, I32)), (Object) null));
        assertEquals(false, eval(call("IS DISTINCT FROM", BOOL, ref(0, I32), lit(null, I32)), (Object) null));
        assertEquals(true, eval(call("IS DISTINCT FROM", BOOL, ref(0, I32), lit(null, I32)), 1));
        assertEquals(true, eval(call("IS NOT DISTINCT FROM", BOOL, ref(0, I32), lit(null, I32)), (Object) null));
        assertEquals(false, eval(call("IS NOT DISTINCT FROM", BOOL, ref(0, I32), lit(2, I32)), 1));
    }

    @Test
    void threeValuedLogic() throws Exception {
        Boolean[] values = {true, false, null};
        for (Boolean a : values) {
            for (Boolean b : values) {
                Boolean and = a == Boolean.FALSE || b == Boolean.FALSE ? Boolean.FALSE
                        : a == null || b == null ? null : Boolean.TRUE;
                Boolean or = a == Boolean.TRUE || b == Boolean.TRUE ? Boolean.TRUE
                        : a == null || b == null ? null : Boolean.FALSE;
                assertEquals(and, eval(call("AND", BOOL, ref(0, BOOL), ref(1, BOOL)), a, b), a + " AND " + b);
                assertEquals(or, eval(call("OR", BOOL, ref(0, BOOL), ref(1, BOOL)), a, b), a + " OR " + b);
            }
            assertEquals(a == null ? null : !a, eval(call("NOT", BOOL, ref(0, BOOL)), a));
            assertEquals(a == null, eval(call("IS NULL", BOOL, ref(0, BOOL)), a));
            assertEquals(a != null, eval(call("IS NOT NULL", BOOL, ref(0, BOOL)), a));
            assertEquals(a == Boolean.TRUE, eval(call("IS TRUE", BOOL, ref(0, BOOL)), a));
            assertEquals(a == Boolean.FALSE, eval(call("IS FALSE", BOOL, ref(0, BOOL)), a));
        }
        assertEquals(null, eval(call("AND", BOOL, ref(0, BOOL), ref(1, BOOL), ref(2, BOOL)), true, null, true));
        assertEquals(false, eval(call("AND", BOOL, ref(0, BOOL), ref(1, BOOL), ref(2, BOOL)), null, true, false));
    }

    @Test
    void andAndOrShortCircuit() throws Exception {
        Expr boom = call("=", BOOL, call("/", I64, lit(1, I64), ref(0, I64)), lit(1, I64));
        assertEquals(false, eval(call("AND", BOOL, lit(false, BOOL), boom), 0L));
        assertEquals(true, eval(call("OR", BOOL, lit(true, BOOL), boom), 0L));
    }

    @Test
    void caseEvaluatesOnlyTheChosenBranch() throws Exception {
        Expr x = ref(0, I64);
        Expr c = call("CASE", I64, call("<>", BOOL, x, lit(0, I64)), call("/", I64, lit(10, I64), x), lit(-1, I32));
        assertEquals(-1L, eval(c, 0L));
        assertEquals(5L, eval(c, 2L));
        Expr noElse = call("CASE", STR, call("=", BOOL, x, lit(1, I64)), lit("one", STR),
                call("=", BOOL, x, lit(2, I64)), lit("two", STR));
        assertEquals("two", eval(noElse, 2L));
        assertNull(eval(noElse, 3L));
        assertNull(eval(noElse, (Object) null));
    }

    @Test
    void casts() throws Exception {
        assertEquals(42, eval(call("CAST", I32, ref(0, STR)), " 42 "));
        assertEquals("42", eval(call("CAST", STR, ref(0, I32)), 42));
        assertEquals(3, eval(call("CAST", I32, ref(0, F64)), 3.9));
        assertEquals(2.5f, eval(call("CAST", DataType.FLOAT32, ref(0, STR)), "2.5"));
        assertEquals("true", eval(call("CAST", STR, ref(0, BOOL)), true));
        assertEquals(true, eval(call("CAST", BOOL, ref(0, STR)), "TRUE"));
        assertEquals(false, eval(call("CAST", BOOL, ref(0, I32)), 0));
        assertEquals(new BigDecimal("1.24"), eval(call("CAST", DataType.decimal(5, 2), ref(0, F64)), 1.235));
        assertEquals(new BigDecimal("12.50"), eval(call("CAST", DataType.decimal(5, 2), ref(0, STR)), "12.5"));
        assertEquals(1_704_164_645_123_000_000L,
                eval(call("CAST", DataType.TIMESTAMP, ref(0, STR)), "2024-01-02 03:04:05.123"));
        assertEquals(1_704_164_645_000_000_000L,
                eval(call("CAST", DataType.TIMESTAMP, ref(0, STR)), "2024-01-02T03:04:05Z"));
        assertEquals("2024-01-02 03:04:05.123", eval(call("CAST", STR, ref(0, DataType.TIMESTAMP)), 1_704_164_645_123_000_000L));
        assertEquals(86_400_000_000_000L, eval(call("CAST", DataType.TIMESTAMP, ref(0, DataType.DATE)), 1));
        assertEquals(19724, eval(call("CAST", DataType.DATE, ref(0, STR)), "2024-01-02"));
        assertEquals("2024-01-02", eval(call("CAST", STR, ref(0, DataType.DATE)), 19724));
        assertEquals(300L, eval(call("CAST", I64, ref(0, DataType.UINT16)), 300));
        assertNull(eval(call("CAST", I32, ref(0, STR)), (Object) null));
        RuntimeException e = assertThrows(RuntimeException.class, () -> eval(call("CAST", I32, ref(0, STR)), "abc"));
        assertEquals("cannot cast 'abc' to INT", e.getMessage());
        assertNull(eval(call("TRY_CAST", I32, ref(0, STR)), "abc"));
        assertEquals(7, eval(call("TRY_CAST", I32, ref(0, STR)), "7"));
    }

    @Test
    void unsupportedCastFailsAtBuildTime() {
        PlanException e = assertThrows(PlanException.class,
                () -> eval(call("CAST", DataType.list(I32), ref(0, STR)), "x"));
        assertTrue(e.getMessage().contains("CAST from TEXT to INT[]"), e.getMessage());
    }

    @Test
    void like() throws Exception {
        Expr s = ref(0, STR);
        assertEquals(true, eval(call("LIKE", BOOL, s, lit("ab%", STR)), "abc"));
        assertEquals(false, eval(call("LIKE", BOOL, s, lit("ab%", STR)), "xabc"));
        assertEquals(true, eval(call("LIKE", BOOL, s, lit("%bc", STR)), "abc"));
        assertEquals(true, eval(call("LIKE", BOOL, s, lit("%b%", STR)), "abc"));
        assertEquals(true, eval(call("LIKE", BOOL, s, lit("a_c", STR)), "abc"));
        assertEquals(false, eval(call("LIKE", BOOL, s, lit("a_c", STR)), "abbc"));
        assertEquals(true, eval(call("LIKE", BOOL, s, lit("abc", STR)), "abc"));
        assertEquals(true, eval(call("LIKE", BOOL, s, lit("100!%", STR), lit("!", STR)), "100%"));
        assertEquals(false, eval(call("LIKE", BOOL, s, lit("100!%", STR), lit("!", STR)), "1000"));
        assertEquals(true, eval(call("LIKE", BOOL, s, lit("a.*", STR)), "a.*"));
        assertEquals(false, eval(call("LIKE", BOOL, s, lit("a.*", STR)), "abc"));
        assertEquals(true, eval(call("NOT LIKE", BOOL, s, lit("x%", STR)), "abc"));
        assertNull(eval(call("LIKE", BOOL, s, lit("x%", STR)), (Object) null));
        assertEquals(true, eval(call("LIKE", BOOL, s, ref(1, STR)), "abc", "%c"));
    }

    @Test
    void stringsAndFunctions() throws Exception {
        assertEquals("ab1", eval(call("||", STR, ref(0, STR), ref(1, I32)), "ab", 1));
        assertNull(eval(call("||", STR, ref(0, STR), ref(1, STR)), "ab", null));
        assertEquals("ab", eval(call("concat", STR, ref(0, STR), ref(1, STR), ref(2, STR)), "a", null, "b"));
        assertEquals(5L, eval(call("abs", I64, ref(0, I64)), -5L));
        assertEquals(2.5, eval(call("abs", F64, ref(0, F64)), -2.5));
        assertEquals("abc", eval(call("lower", STR, ref(0, STR)), "AbC"));
        assertEquals("ABC", eval(call("upper", STR, ref(0, STR)), "AbC"));
        assertEquals(3, eval(call("char_length", I32, ref(0, STR)), "h\uD83D\uDE00i"));
        assertEquals(3L, eval(call("length", I64, ref(0, STR)), "abc"));
        assertEquals(2.57, eval(call("round", F64, ref(0, F64), lit(2, I32)), 2.567));
        assertEquals(3.0, eval(call("round", F64, ref(0, F64)), 2.5));
        assertEquals(new BigDecimal("2.6"), eval(call("round", DataType.decimal(5, 1), ref(0, DataType.decimal(5, 3)), lit(1, I32)),
                new BigDecimal("2.567")));
        assertEquals(2.0, eval(call("floor", F64, ref(0, F64)), 2.7));
        assertEquals(-2L, eval(call("ceil", I64, ref(0, F64)), -2.7));
        assertEquals("bc", eval(call("substring", STR, ref(0, STR), lit(2, I32), lit(2, I32)), "abcd"));
        assertEquals("b", eval(call("coalesce", STR, ref(0, STR), ref(1, STR), lit("z", STR)), null, "b"));
        assertEquals("z", eval(call("coalesce", STR, ref(0, STR), ref(1, STR), lit("z", STR)), null, null));
        assertEquals(1L, eval(call("coalesce", I64, ref(0, I64),
                call("/", I64, lit(1, I64), lit(0, I64))), 1L), "later operands are not evaluated");
        assertNull(eval(call("nullif", I32, ref(0, I32), lit(3, I32)), 3));
        assertEquals(4, eval(call("nullif", I32, ref(0, I32), lit(3, I32)), 4));
    }

    @Test
    void filterKeepsOnlyTrueRowsAndPassesColumnsThrough() throws Exception {
        Expr filter = call(">", BOOL, ref(0, I64), lit(10, I64));
        String name = "untouched";
        List<Object[]> kept = run(filter, List.of(ref(1, STR), call("+", I64, ref(0, I64), lit(1, I64))), 11L, name);
        assertEquals(1, kept.size());
        assertSame(name, kept.get(0)[0]);
        assertArrayEquals(new Object[] {name, 12L}, kept.get(0));
        assertEquals(0, run(filter, List.of(ref(1, STR)), 10L, "x").size());
        assertEquals(0, run(filter, List.of(ref(1, STR)), null, "x").size(), "a NULL filter drops the row");
    }

    @Test
    void unsupportedOperatorFailsAtBuildTimeNamingIt() {
        PlanException e = assertThrows(PlanException.class,
                () -> eval(call("frobnicate", I64, ref(0, I64)), 1L));
        assertTrue(e.getMessage().contains("'frobnicate'"), e.getMessage());
        assertTrue(e.getMessage().contains("calc_1"), e.getMessage());
        PlanException item = assertThrows(PlanException.class,
                () -> eval(call("ITEM", I64, ref(0, DataType.list(I64)), lit(1, I32)), List.of(1L)));
        assertTrue(item.getMessage().contains("'item'"), item.getMessage());
    }

    @Test
    void structFieldsAreReadByPosition() throws Exception {
        DataType struct = DataType.struct(List.of(Field.of("a", I64), Field.of("b", STR)));
        assertEquals(7L, eval(call("ITEM", I64, ref(0, struct), lit(0, I32)), (Object) new Object[] {7L, "x"}));
        assertEquals("x", eval(call("ITEM", STR, ref(0, struct), lit(1, I32)), (Object) new Object[] {7L, "x"}));
        assertEquals(null, eval(call("ITEM", I64, ref(0, struct), lit(0, I32)), (Object) new Object[] {null, "x"}));
        assertEquals(null, eval(call("ITEM", I64, ref(0, struct), lit(0, I32)), (Object) null));
        // a field taken as it is is the struct's own boxed value, not a re-boxed copy
        Long big = 1234567L;
        assertSame(big, eval(call("ITEM", I64, ref(0, struct), lit(0, I32)), (Object) new Object[] {big, "x"}));
        // a field used in an expression is computed as before
        assertEquals(1234568L, eval(call("+", I64, call("ITEM", I64, ref(0, struct), lit(0, I32)), lit(1, I64)),
                (Object) new Object[] {big, "x"}));
    }

    @Test
    void generatedCodeUnboxesOnceAndComputesOnPrimitives() throws Exception {
        CalcOperator calc = new CalcOperator(Schema.of(), call(">", BOOL, ref(0, I64), lit(0, I64)),
                List.of(call("+", I64, ref(0, I64), lit(1, I64))), Schema.of(Field.of("x", I64)));
        String src = compiler.generate("calc_1", calc);
        assertEquals(1, src.split("\\(\\(Long\\) o0\\)\\.longValue\\(\\)", -1).length - 1, src);
        assertTrue(src.contains("((long) in0 + (long) (1L))") || src.contains("(((long) in0) + ((long) (1L)))"), src);
        assertTrue(!src.contains("Expr"), src);
        assertEquals("[2]", Arrays.toString(run(calc.filter(), calc.projections(), 1L).get(0)));
    }
}
