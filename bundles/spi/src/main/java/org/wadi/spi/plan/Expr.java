package org.wadi.spi.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.wadi.spi.types.DataType;

/**
 * A scalar expression over one input row, as the plan carries it. The runtime compiles expressions
 * to bytecode; it never interprets this tree per row.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "expr")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Expr.InputRef.class, name = "input"),
    @JsonSubTypes.Type(value = Expr.Literal.class, name = "literal"),
    @JsonSubTypes.Type(value = Expr.Call.class, name = "call"),
})
public sealed interface Expr permits Expr.InputRef, Expr.Literal, Expr.Call {

    /** The type of the expression's value. */
    DataType type();

    /**
     * A column of the input row.
     *
     * @param index the column's position in the input schema
     * @param type its type
     */
    record InputRef(int index, DataType type) implements Expr {
    }

    /**
     * A constant.
     *
     * @param value the value in its canonical text form — numbers as Java prints them, booleans
     *     {@code true}/{@code false}, TIMESTAMP and INTERVAL as nanoseconds, DATE as days, BINARY as
     *     hex — or {@code null} for SQL NULL
     * @param type its type
     */
    record Literal(String value, DataType type) implements Expr {
    }

    /**
     * An operator or function applied to operands. Operators, by {@code op}:
     * <ul>
     *   <li>arithmetic {@code + - * / %} (two operands) and {@code NEG} (one);
     *   <li>comparison {@code = <> < <= > >=}, {@code IS NULL}, {@code IS NOT NULL},
     *       {@code IS TRUE}, {@code IS FALSE}, {@code IS DISTINCT FROM}, {@code IS NOT DISTINCT FROM};
     *   <li>logic {@code AND OR} (two or more operands, SQL three-valued), {@code NOT};
     *   <li>{@code CASE}: operands are when₁, then₁, …, whenₙ, thenₙ, else;
     *   <li>{@code CAST} and {@code TRY_CAST}: one operand, converted to {@code type};
     *   <li>{@code LIKE}, {@code NOT LIKE}, {@code ||} (string concatenation), {@code ITEM}
     *       (struct field or list element: operand 0 the value, operand 1 the field index or element
     *       index as a literal);
     *   <li>any other {@code op} is a SQL function by its lower-case name ({@code abs},
     *       {@code lower}, {@code coalesce}, …).
     * </ul>
     *
     * @param op the operator or function name
     * @param operands the arguments
     * @param type the result type
     */
    record Call(String op, java.util.List<Expr> operands, DataType type) implements Expr {

        public Call {
            operands = java.util.List.copyOf(operands);
        }
    }
}
