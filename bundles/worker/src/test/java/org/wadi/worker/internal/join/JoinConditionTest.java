package org.wadi.worker.internal.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;

/** The join condition compiled through a calc and tested on pairs. */
class JoinConditionTest {

    final ExprCompiler compiler = new ExprCompiler();

    @Test
    void noConditionCompilesToNull() throws PlanException {
        assertNull(JoinCondition.compile("join_1", JoinHarness.spec(JoinKind.INTERVAL, JoinType.INNER, null, 0, 0),
                compiler));
    }

    @Test
    void aPairMatchesOnlyWhenTheConditionIsTrue() throws PlanException {
        JoinCondition c = JoinCondition.compile("join_1",
                JoinHarness.spec(JoinKind.INTERVAL, JoinType.INNER, JoinHarness.bAboveATimes(5), 0, 0), compiler);
        assertTrue(c.test(JoinHarness.row("a", 2L, 1), JoinHarness.row("b", 11L, 2)));
        assertFalse(c.test(JoinHarness.row("a", 2L, 1), JoinHarness.row("b", 10L, 2)), "FALSE");
        assertFalse(c.test(JoinHarness.row("a", null, 1), JoinHarness.row("b", 10L, 2)), "NULL");
        assertTrue(c.test(JoinHarness.row("a", 0L, 1), JoinHarness.row("b", 1L, 2)), "the array is reused");
    }

    @Test
    void bothEventTimesCanBeCompared() throws PlanException {
        // _left_timestamp (2) < _right_timestamp (5)
        Expr before = new Expr.Call("<", List.of(new Expr.InputRef(2, DataType.TIMESTAMP),
                new Expr.InputRef(5, DataType.TIMESTAMP)), DataType.BOOLEAN);
        JoinCondition c = JoinCondition.compile("join_1",
                JoinHarness.spec(JoinKind.INTERVAL, JoinType.INNER, before, 0, 0), compiler);
        assertTrue(c.test(JoinHarness.row("a", 1L, 5), JoinHarness.row("a", 1L, 6)));
        assertFalse(c.test(JoinHarness.row("a", 1L, 6), JoinHarness.row("a", 1L, 6)));
    }

    @Test
    void theOpColumnOfUpdatingSidesIsSkipped() throws PlanException {
        Schema left = JoinHarness.LEFT.withOp();
        Schema right = JoinHarness.RIGHT.withOp();
        Schema output = Schema.of(Field.of("k", DataType.UTF8), Field.of("a", DataType.INT64),
                Field.of(JoinOperator.LEFT_TIMESTAMP, DataType.TIMESTAMP), Field.of("k0", DataType.UTF8),
                Field.of("b", DataType.INT64), Field.of(JoinOperator.RIGHT_TIMESTAMP, DataType.TIMESTAMP)).withOp();
        // b (4) > a (1) * 5 and _right_timestamp (5) = 7
        Expr condition = new Expr.Call("AND", List.of(JoinHarness.bAboveATimes(5),
                new Expr.Call("=", List.of(new Expr.InputRef(5, DataType.TIMESTAMP),
                        new Expr.Literal("7", DataType.TIMESTAMP)), DataType.BOOLEAN)), DataType.BOOLEAN);
        JoinOperator spec = new JoinOperator(JoinKind.UPDATING, JoinType.INNER, left, right, List.of(0), List.of(0),
                condition, 0, 0, 0, output);
        JoinCondition c = JoinCondition.compile("join_1", spec, compiler);
        Integer insert = RowKind.of(RowKind.INSERT);
        assertTrue(c.test(new Object[] {"a", 2L, insert, 1L}, new Object[] {"a", 11L, insert, 7L}));
        assertFalse(c.test(new Object[] {"a", 2L, insert, 1L}, new Object[] {"a", 11L, insert, 8L}));
        // a left side without _op, a right side with it
        JoinOperator mixed = new JoinOperator(JoinKind.UPDATING, JoinType.INNER, JoinHarness.LEFT, right, List.of(0),
                List.of(0), condition, 0, 0, 0, output);
        JoinCondition m = JoinCondition.compile("join_1", mixed, compiler);
        assertTrue(m.test(new Object[] {"a", 2L, 1L}, new Object[] {"a", 11L, insert, 7L}));
    }

    @Test
    void theConcatenatedSchemaRenamesDuplicatesAndDropsOp() {
        Schema pair = JoinCondition.concatenated(JoinHarness.LEFT.withOp(), JoinHarness.RIGHT);
        assertEquals(List.of("k", "a", JoinOperator.LEFT_TIMESTAMP, "k_1", "b", JoinOperator.RIGHT_TIMESTAMP),
                pair.fields().stream().map(Field::name).toList());
    }

    @Test
    void aConditionReadingBeyondThePairIsRefused() {
        Expr wrong = new Expr.Call("IS NULL", List.of(new Expr.InputRef(6, DataType.INT64)), DataType.BOOLEAN);
        PlanException e = assertThrows(PlanException.class, () -> JoinCondition.compile("join_1",
                JoinHarness.spec(JoinKind.INTERVAL, JoinType.INNER, wrong, 0, 0), compiler));
        assertTrue(e.getMessage().contains("reads column 6 of a pair that has 6 columns"), e.getMessage());
    }
}
