package org.wadi.sql.internal;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.types.DataType;

/**
 * Translates Calcite's row expressions into the plan's {@link Expr}s, with the operator names and
 * literal forms the {@link Expr.Call} and {@link Expr.Literal} contracts fix.
 */
final class ExprTranslator {

    private final RexBuilder rexBuilder;

    ExprTranslator(RexBuilder rexBuilder) {
        this.rexBuilder = rexBuilder;
    }

    Expr translate(RexNode node) {
        if (node instanceof RexInputRef ref) {
            return new Expr.InputRef(ref.getIndex(), Types.toWadi(ref.getType()));
        }
        if (node instanceof RexLiteral literal) {
            return literal(literal);
        }
        if (node instanceof RexFieldAccess access) {
            // a struct field: ITEM(value, field index)
            return new Expr.Call("ITEM",
                    List.of(translate(access.getReferenceExpr()),
                            new Expr.Literal(Integer.toString(access.getField().getIndex()), DataType.INT32)),
                    Types.toWadi(access.getType()));
        }
        if (node instanceof RexCall call) {
            return call(call);
        }
        throw new UnsupportedException("the expression " + node + " is not supported yet");
    }

    private Expr call(RexCall call) {
        if (call.getKind() == SqlKind.SEARCH) {
            // Calcite folds IN lists and ranges into SEARCH(x, Sarg); the plan has no such operator
            return translate(RexUtil.expandSearch(rexBuilder, null, call));
        }
        DataType type = Types.toWadi(call.getType());
        Expr typedJson = typedJsonGet(call, type);
        if (typedJson != null) {
            return typedJson;
        }
        List<Expr> operands = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
            operands.add(translate(operand));
        }
        String op = switch (call.getKind()) {
            case PLUS -> "+";
            case MINUS -> "-";
            case TIMES -> "*";
            case DIVIDE -> "/";
            case MOD -> "%";
            case MINUS_PREFIX -> "NEG";
            case PLUS_PREFIX -> null;
            case EQUALS -> "=";
            case NOT_EQUALS -> "<>";
            case LESS_THAN -> "<";
            case LESS_THAN_OR_EQUAL -> "<=";
            case GREATER_THAN -> ">";
            case GREATER_THAN_OR_EQUAL -> ">=";
            case IS_NULL, IS_UNKNOWN -> "IS NULL";
            case IS_NOT_NULL -> "IS NOT NULL";
            case IS_TRUE -> "IS TRUE";
            case IS_FALSE -> "IS FALSE";
            case IS_NOT_TRUE, IS_NOT_FALSE -> null;
            case IS_DISTINCT_FROM -> "IS DISTINCT FROM";
            case IS_NOT_DISTINCT_FROM -> "IS NOT DISTINCT FROM";
            case AND -> "AND";
            case OR -> "OR";
            case NOT -> "NOT";
            case CASE -> "CASE";
            case CAST -> "CAST";
            case SAFE_CAST -> "TRY_CAST";
            case LIKE -> ((SqlLikeOperator) call.getOperator()).isNegated() ? "NOT LIKE" : "LIKE";
            case ITEM -> "ITEM";
            case OTHER_FUNCTION, OTHER -> call.getOperator().getName().equals("||") ? "||" : function(call);
            default -> function(call);
        };
        if (op != null) {
            return new Expr.Call(op, operands, type);
        }
        return switch (call.getKind()) {
            case PLUS_PREFIX -> operands.get(0);
            case IS_NOT_TRUE -> not(new Expr.Call("IS TRUE", operands, type), type);
            case IS_NOT_FALSE -> not(new Expr.Call("IS FALSE", operands, type), type);
            default -> throw new IllegalStateException("no translation for " + call.getKind());
        };
    }

    /**
     * {@code CAST(json_get(…) AS t)} as datafusion-functions-json rewrites it: the typed getter
     * ({@code json_get_int}, {@code _float}, {@code _bool}, {@code _str}), so that a string value is
     * read without its quotes and a value of another type gives NULL rather than a cast error.
     */
    private Expr typedJsonGet(RexCall call, DataType type) {
        if (call.getKind() != SqlKind.CAST || !(call.getOperands().get(0) instanceof RexCall inner)
                || !inner.getOperator().getName().equalsIgnoreCase("json_get")) {
            return null;
        }
        String getter = switch (type.id()) {
            case INT8, INT16, INT32, INT64 -> "json_get_int";
            case FLOAT32, FLOAT64 -> "json_get_float";
            case BOOLEAN -> "json_get_bool";
            case UTF8 -> "json_get_str";
            default -> null;
        };
        if (getter == null) {
            return null;
        }
        List<Expr> operands = new ArrayList<>();
        for (RexNode operand : inner.getOperands()) {
            operands.add(translate(operand));
        }
        DataType getterType = switch (getter) {
            case "json_get_int" -> DataType.INT64;
            case "json_get_float" -> DataType.FLOAT64;
            case "json_get_bool" -> DataType.BOOLEAN;
            default -> DataType.UTF8;
        };
        Expr get = new Expr.Call(getter, operands, getterType);
        return getterType.equals(type) ? get : new Expr.Call("CAST", List.of(get), type);
    }

    private static Expr not(Expr operand, DataType type) {
        return new Expr.Call("NOT", List.of(operand), type);
    }

    private static String function(RexCall call) {
        String name = call.getOperator().getName();
        if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
            throw new UnsupportedException("the operator " + (name.isEmpty() ? call.getKind().sql : name)
                    + " is not supported yet");
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /** A literal in the canonical text form of {@link Expr.Literal}. */
    Expr literal(RexLiteral literal) {
        if (literal.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.SYMBOL) {
            // flags of functions such as TRIM(BOTH ...) and EXTRACT(YEAR ...), by their SQL name
            Enum<?> symbol = literal.getValueAs(Enum.class);
            return new Expr.Literal(symbol == null ? null : symbol.name(), DataType.UTF8);
        }
        DataType type = Types.toWadi(literal.getType());
        if (literal.isNull()) {
            return new Expr.Literal(null, type);
        }
        String value = switch (type.id()) {
            case BOOLEAN -> Boolean.toString(literal.getValueAs(Boolean.class));
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 ->
                    literal.getValueAs(BigDecimal.class).toBigIntegerExact().toString();
            case DECIMAL -> literal.getValueAs(BigDecimal.class).toPlainString();
            case FLOAT32 -> Float.toString(literal.getValueAs(BigDecimal.class).floatValue());
            case FLOAT64 -> Double.toString(literal.getValueAs(Double.class));
            case UTF8 -> literal.getValueAs(NlsString.class) != null
                    ? literal.getValueAs(NlsString.class).getValue()
                    : literal.getValueAs(String.class);
            case BINARY -> literal.getValueAs(ByteString.class).toString();
            case DATE -> Integer.toString(literal.getValueAs(DateString.class).getDaysSinceEpoch());
            case TIME -> Long.toString(LocalTime.parse(literal.getValueAs(TimeString.class).toString()).toNanoOfDay());
            case TIMESTAMP -> Long.toString(epochNanos(literal.getValueAs(TimestampString.class)));
            // day-time intervals are held as milliseconds
            case INTERVAL -> literal.getValueAs(BigDecimal.class).multiply(BigDecimal.valueOf(1_000_000L))
                    .toBigIntegerExact().toString();
            default -> throw new UnsupportedException("literals of type " + type + " are not supported yet");
        };
        return new Expr.Literal(value, type);
    }

    private static long epochNanos(TimestampString ts) {
        LocalDateTime t = LocalDateTime.parse(ts.toString().replace(' ', 'T'));
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000_000L), t.getNano());
    }
}
