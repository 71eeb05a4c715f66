package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexVisitorImpl;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.types.Schema;

/**
 * Splits a projection that calls an asynchronous function into what the async operator needs:
 * before it, the input's columns and the call's operands (the filter applied first, so rows it drops
 * are never sent to the function); after it, the projections with the call replaced by the
 * operator's result column. One async call per {@code SELECT}; none in {@code WHERE}.
 */
final class AsyncFunctionPlanning {

    /**
     * The plan of one split.
     *
     * @param filter the calc's condition, applied before the calls; {@code null} for none
     * @param preExprs the input's columns but {@code _timestamp}, the call's operands, {@code _timestamp}
     * @param preNames their names
     * @param arguments the positions of the call's operands in {@code preExprs}
     * @param call the async call
     * @param restInput the row type after the async operator: {@code preExprs} but {@code _timestamp},
     *     the result, {@code _timestamp}
     * @param restProjects the calc's projections over {@code restInput}
     */
    record Split(RexNode filter, List<RexNode> preExprs, List<String> preNames, List<Integer> arguments, RexCall call,
            RelDataType restInput, List<RexNode> restProjects) {

        UserFunctions.Scalar function() {
            return (UserFunctions.Scalar) call.getOperator();
        }
    }

    private AsyncFunctionPlanning() {
    }

    private static boolean isAsync(RexNode n) {
        return n instanceof RexCall c && c.getOperator() instanceof UserFunctions.Scalar s
                && s.ref().kind() == FunctionRef.Kind.ASYNC;
    }

    /** The async calls in {@code node}, outermost first. */
    private static List<RexCall> asyncCalls(RexNode node) {
        List<RexCall> out = new ArrayList<>();
        node.accept(new RexVisitorImpl<Void>(true) {
            @Override
            public Void visitCall(RexCall call) {
                if (isAsync(call)) {
                    out.add(call);
                }
                return super.visitCall(call);
            }
        });
        return out;
    }

    /**
     * The async call of a calc's projections, or {@code null} when it has none.
     *
     * @throws UnsupportedException when the condition calls one, or the projections call more than
     *     one, or one's operand calls another
     */
    static RexCall find(Calc calc) {
        RexProgram program = calc.getProgram();
        if (program.getCondition() != null) {
            List<RexCall> inCondition = asyncCalls(program.expandLocalRef(program.getCondition()));
            if (!inCondition.isEmpty()) {
                throw new UnsupportedException("the async function '" + inCondition.get(0).getOperator().getName()
                        + "' cannot be called in WHERE: call it in a subquery's SELECT and filter its result outside");
            }
        }
        RexCall found = null;
        for (org.apache.calcite.rex.RexLocalRef p : program.getProjectList()) {
            for (RexCall c : asyncCalls(program.expandLocalRef(p))) {
                if (found == null) {
                    found = c;
                } else if (!found.equals(c)) {
                    throw new UnsupportedException("a SELECT may call one async function once, here '"
                            + found.getOperator().getName() + "' and '" + c.getOperator().getName()
                            + "': call the other in a subquery");
                }
            }
        }
        if (found != null) {
            for (RexNode o : found.getOperands()) {
                if (!asyncCalls(o).isEmpty()) {
                    throw new UnsupportedException("the operands of async function '" + found.getOperator().getName()
                            + "' cannot call an async function: call that one in a subquery");
                }
            }
        }
        return found;
    }

    static Split split(Calc calc, RexCall call) {
        RexProgram program = calc.getProgram();
        RexBuilder rex = calc.getCluster().getRexBuilder();
        List<RelDataTypeField> in = calc.getInput().getRowType().getFieldList();
        int ts = calc.getInput().getRowType().getFieldNames().lastIndexOf(Schema.TIMESTAMP_FIELD);
        if (ts < 0) {
            throw new UnsupportedException("internal: the input of an async function has no event time");
        }
        List<RexNode> pre = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int[] position = new int[in.size()];
        for (int i = 0; i < in.size(); i++) {
            if (i != ts) {
                position[i] = pre.size();
                pre.add(RexInputRef.of(i, calc.getInput().getRowType()));
                names.add("c" + pre.size());
            }
        }
        List<Integer> arguments = new ArrayList<>();
        List<org.wadi.spi.types.DataType> want = ((UserFunctions.Scalar) call.getOperator()).signature().arguments();
        for (int i = 0; i < call.getOperands().size(); i++) {
            RexNode o = call.getOperands().get(i);
            // the function receives values of its signature's types, as scalar functions do
            RelDataType target = Types.toCalcite(rex.getTypeFactory(), want.get(i), o.getType().isNullable());
            if (o.getType().getSqlTypeName() != target.getSqlTypeName()) {
                o = rex.makeCast(target, o);
            }
            arguments.add(pre.size());
            pre.add(o);
            names.add("a" + arguments.size());
        }
        int result = pre.size();
        position[ts] = result + 1;
        pre.add(RexInputRef.of(ts, calc.getInput().getRowType()));
        names.add(Schema.TIMESTAMP_FIELD);

        List<RelDataType> types = new ArrayList<>();
        List<String> restNames = new ArrayList<>();
        for (int i = 0; i < result; i++) {
            types.add(pre.get(i).getType());
            restNames.add(names.get(i));
        }
        types.add(call.getType());
        restNames.add("_async");
        types.add(in.get(ts).getType());
        restNames.add(Schema.TIMESTAMP_FIELD);
        RelDataType restInput = rex.getTypeFactory().createStructType(types, restNames);

        RexShuttle rewrite = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(position[ref.getIndex()], ref.getType());
            }

            @Override
            public RexNode visitCall(RexCall c) {
                if (c.equals(call)) {
                    return new RexInputRef(result, c.getType());
                }
                return super.visitCall(c);
            }
        };
        List<RexNode> rest = new ArrayList<>();
        for (org.apache.calcite.rex.RexLocalRef p : program.getProjectList()) {
            rest.add(program.expandLocalRef(p).accept(rewrite));
        }
        RexNode filter = program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
        return new Split(filter, pre, names, arguments, call, restInput, rest);
    }
}
