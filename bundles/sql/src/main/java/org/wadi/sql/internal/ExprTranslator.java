package org.wadi.sql.internal;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
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
        Expr nested = nested(call, type);
        if (nested != null) {
            return nested;
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

    /**
     * Calls whose plan form differs from the SQL one: arrays (element access, constructors, operands
     * coerced to the arrays' common element type as DataFusion does), structs (built by
     * {@code struct}, read by {@code ITEM} with the field's index), {@code arrow_typeof} (known at
     * planning time), {@code arrow_cast} (a CAST) and {@code multi_hash} (literals typed as
     * DataFusion types them); {@code null} for every other call.
     */
    private Expr nested(RexCall call, DataType type) {
        List<RexNode> ops = call.getOperands();
        if (call.getKind() == SqlKind.ITEM) {
            RelDataType container = ops.get(0).getType();
            if (container.getSqlTypeName() == SqlTypeName.ARRAY) {
                return new Expr.Call("array_element", List.of(translate(ops.get(0)), translate(ops.get(1))), type);
            }
            if (container.isStruct() && ops.get(1) instanceof RexLiteral name
                    && SqlTypeUtil.inCharFamily(name.getType())) {
                return field(ops.get(0), name.getValueAs(String.class), type);
            }
            return null;
        }
        if (call.getKind() == SqlKind.ROW) {
            return new Expr.Call("struct", translateAll(ops), type);
        }
        if (call.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR) {
            DataType element = type.element();
            List<Expr> elements = new ArrayList<>();
            for (RexNode o : ops) {
                elements.add(coerce(translate(o), element));
            }
            return new Expr.Call("make_array", elements, type);
        }
        if (call.getKind() != SqlKind.OTHER_FUNCTION) {
            return null;
        }
        String name = call.getOperator().getName().toLowerCase(java.util.Locale.ROOT);
        switch (name) {
            case "named_struct": {
                List<Expr> values = new ArrayList<>();
                for (int i = 1; i < ops.size(); i += 2) {
                    values.add(translate(ops.get(i)));
                }
                return new Expr.Call("struct", values, type);
            }
            case "struct":
                return new Expr.Call("struct", translateAll(ops), type);
            case "get_field":
                return field(ops.get(0), ((RexLiteral) ops.get(1)).getValueAs(String.class), type);
            case "wallclock":
                // Arroyo's wallclock(): the worker's clock when it evaluates the row, as now()
                return new Expr.Call("now", List.of(), type);
            case "arrow_typeof":
                return new Expr.Literal(Types.arrowName(Types.toWadi(ops.get(0).getType())), DataType.UTF8);
            case "arrow_cast":
                return new Expr.Call("CAST", List.of(translate(ops.get(0))), type);
            case "multi_hash": {
                List<Expr> values = new ArrayList<>();
                for (RexNode o : ops) {
                    values.add(dataFusionLiteral(o));
                }
                return new Expr.Call("multi_hash", values, type);
            }
            default:
                break;
        }
        String kinds = WadiFunctions.INSTANCE.arrayOperandKinds(name, ops.size());
        if (kinds == null) {
            return null;
        }
        List<RelDataType> types = ops.stream().map(RexNode::getType).toList();
        RelDataType common = WadiFunctions.commonElement(rexBuilder.getTypeFactory(), kinds, types);
        DataType element = Types.toWadi(common);
        boolean text = name.equals("array_to_string") || name.equals("list_to_string") || name.endsWith("_join");
        List<Expr> operands = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Expr e = translate(ops.get(i));
            operands.add(switch (kinds.charAt(i)) {
                case 'A' -> coerce(e, text ? textList(DataType.list(element)) : DataType.list(element));
                case 'E' -> coerce(e, element);
                default -> e;
            });
        }
        return new Expr.Call(name, operands, type);
    }

    private List<Expr> translateAll(List<RexNode> nodes) {
        List<Expr> out = new ArrayList<>();
        for (RexNode n : nodes) {
            out.add(translate(n));
        }
        return out;
    }

    /** A struct's field by name: ITEM(struct, the field's index). */
    private Expr field(RexNode struct, String name, DataType type) {
        RelDataTypeField f = WadiFunctions.field(struct.getType(), name);
        if (f == null) {
            throw new UnsupportedException("the struct has no field '" + name + "'; its fields: "
                    + String.join(", ", struct.getType().getFieldNames()));
        }
        return new Expr.Call("ITEM", List.of(translate(struct),
                new Expr.Literal(Integer.toString(f.getIndex()), DataType.INT32)), type);
    }

    /** {@code e} as a {@code to}: itself, a NULL of that type, or a CAST. */
    private static Expr coerce(Expr e, DataType to) {
        if (e.type().equals(to)) {
            return e;
        }
        if (e instanceof Expr.Literal l && l.value() == null) {
            return new Expr.Literal(null, to);
        }
        return new Expr.Call("CAST", List.of(e), to);
    }

    /** The list type with text in place of its innermost elements (array_to_string formats them). */
    private static DataType textList(DataType list) {
        return list.id() == org.wadi.spi.types.TypeId.LIST ? DataType.list(textList(list.element())) : DataType.UTF8;
    }

    /**
     * A literal typed as DataFusion types it (integers Int64, other numbers Float64), anything else
     * as it is: {@code multi_hash} hashes its operands' bytes, which depend on their type.
     */
    private Expr dataFusionLiteral(RexNode node) {
        Expr e = translate(node);
        if (!(node instanceof RexLiteral) || !(e instanceof Expr.Literal l)) {
            return e;
        }
        return switch (l.type().id()) {
            case INT8, INT16, INT32 -> new Expr.Literal(l.value(), DataType.INT64);
            case DECIMAL -> new Expr.Literal(l.value() == null ? null
                    : Double.toString(new BigDecimal(l.value()).doubleValue()), DataType.FLOAT64);
            default -> e;
        };
    }

    private static Expr not(Expr operand, DataType type) {
        return new Expr.Call("NOT", List.of(operand), type);
    }

    private static String function(RexCall call) {
        if (call.getOperator() instanceof UserFunctions.Scalar udf) {
            // the plan names which function (bundle and version, or Java source) runs
            return udf.ref().encode();
        }
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
        try {
            return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            // timestamps are nanoseconds since 1970 in 64 bits, as Arrow's (and Arroyo's)
            throw new UnsupportedException("Timestamp '" + ts + "' is outside the range of timestamps, "
                    + "1677-09-21 00:12:43.145224192 to 2262-04-11 23:47:16.854775807");
        }
    }
}
