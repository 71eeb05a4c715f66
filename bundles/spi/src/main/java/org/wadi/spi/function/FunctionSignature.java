package org.wadi.spi.function;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.wadi.spi.types.DataType;

/**
 * The name and types of a SQL function, as SQL calls it.
 *
 * @param name the name users write, lower case letters, digits and underscores, starting with a
 *     letter ({@code slugify}); SQL matches it case-insensitively
 * @param arguments the argument types, in order; a call's operands are converted to them (an
 *     operand that cannot be converted is a planning error)
 * @param returnType the result's type
 * @param deterministic whether equal arguments always give equal results (the planner may then
 *     fold calls with constant arguments)
 * @param strict whether a NULL argument gives NULL without calling the function; when
 *     {@code false}, the function receives {@code null}s and decides
 */
public record FunctionSignature(String name, List<DataType> arguments, DataType returnType, boolean deterministic,
        boolean strict) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public FunctionSignature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(returnType, "returnType");
        arguments = List.copyOf(arguments);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("function name '" + name + "' must be lower case letters, digits and"
                    + " underscores, starting with a letter");
        }
    }

    /** A deterministic, strict function: the common case. */
    public static FunctionSignature of(String name, DataType returnType, DataType... arguments) {
        return new FunctionSignature(name.toLowerCase(Locale.ROOT), List.of(arguments), returnType, true, true);
    }

    /** This signature, not deterministic (random values, clocks, external state). */
    public FunctionSignature nonDeterministic() {
        return new FunctionSignature(name, arguments, returnType, false, strict);
    }

    /** This signature, receiving {@code null} arguments instead of yielding NULL for them. */
    public FunctionSignature nullAccepting() {
        return new FunctionSignature(name, arguments, returnType, deterministic, false);
    }

    /** {@code name(TYPE, …) → TYPE}, as shown in messages. */
    @Override
    public String toString() {
        return name + "(" + String.join(", ", arguments.stream().map(DataType::toString).toList()) + ") → " + returnType;
    }
}
