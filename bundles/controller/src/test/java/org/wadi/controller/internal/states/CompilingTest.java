package org.wadi.controller.internal.states;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.LookupJoinOperator;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** What a plan needs installed on a worker besides the worker's own bundles. */
class CompilingTest {

    private static final Schema ROW = Schema.of(Field.of("s", DataType.UTF8));

    private static ConnectorTable table(String name, String connector) {
        return new ConnectorTable(name, connector, Map.of(), ROW, java.util.Set.of(), false);
    }

    @Test
    void theFunctionServicesAPlanCallsAreFoundWhereverTheCallIs() {
        FunctionRef upper = FunctionRef.service(FunctionRef.Kind.SCALAR, "shout", "org.example.text", "1.2.0");
        FunctionRef geo = FunctionRef.service(FunctionRef.Kind.SCALAR, "distance", "org.example.geo", "2.0.0");
        FunctionRef source = FunctionRef.java("twice", "public class T { }");
        Expr call = new Expr.Call(upper.encode(), List.of(new Expr.Call(geo.encode(),
                List.of(new Expr.InputRef(0, DataType.UTF8)), DataType.UTF8)), DataType.UTF8);
        Expr again = new Expr.Call(upper.encode(), List.of(new Expr.Call(source.encode(),
                List.of(new Expr.InputRef(0, DataType.UTF8)), DataType.UTF8)), DataType.UTF8);
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_1", "in", 1, new SourceOperator(table("in", "impulse"))),
                new PlanNode("calc_2", "calc", 1, new CalcOperator(ROW, null, List.of(call, again),
                        Schema.of(Field.of("a", DataType.UTF8), Field.of("b", DataType.UTF8)))),
                new PlanNode("lookup_3", "lookup", 1, new LookupJoinOperator(ROW, table("users", "redis"), List.of(0),
                        List.of(0), JoinType.INNER, ROW)),
                new PlanNode("sink_4", "out", 1, new SinkOperator(table("out", "blackhole")))),
                List.of(new PlanEdge("source_1", "calc_2", EdgeKind.FORWARD, List.of(), ROW),
                        new PlanEdge("calc_2", "lookup_3", EdgeKind.FORWARD, List.of(), ROW),
                        new PlanEdge("lookup_3", "sink_4", EdgeKind.FORWARD, List.of(), ROW)));

        assertEquals(List.of(upper, geo), Compiling.functionRefs(PlanCodec.toJson(plan)));
        assertEquals(List.of("impulse", "redis", "blackhole"), Compiling.connectorNames(plan));
    }
}
