package org.wadi.worker.internal.expr;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The scalar functions generated code calls by name: every public static method of the function
 * classes, under its SQL name (the method's name). Overloads are chosen at compile time by the
 * operands' types ({@link ExprCompiler}); nothing is looked up per row.
 *
 * <p>A method is strict unless marked {@link NullSafe}: generated code never calls it with a NULL
 * and yields NULL instead. A method returning a reference type may return {@code null} for SQL NULL.
 * A trailing array parameter takes the remaining operands (variadic functions). Temporal operands
 * reach {@code long} parameters as nanoseconds (a DATE is converted from days).
 */
final class FunctionLibrary {

    private static final List<Class<?>> CLASSES = List.of(StringFunctions.class, MathFunctions.class,
            TimeFunctions.class, HashFunctions.class, RegexFunctions.class, JsonFunctions.class);

    /** Names DataFusion also accepts for a function, mapped to the method's name. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("instr", "strpos"),
            Map.entry("substring_index", "substr_index"),
            Map.entry("pow", "power"),
            // Calcite parses translate(s, from, to) as its three-operand TRANSLATE3
            Map.entry("translate3", "translate"));

    private static final Map<String, List<Method>> METHODS = index();

    private FunctionLibrary() {
    }

    private static Map<String, List<Method>> index() {
        Map<String, List<Method>> byName = new TreeMap<>();
        for (Class<?> c : CLASSES) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                    byName.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(m);
                }
            }
        }
        // declaration order is unspecified: make overload resolution deterministic
        byName.values().forEach(l -> l.sort((a, b) -> a.toString().compareTo(b.toString())));
        return Collections.unmodifiableMap(byName);
    }

    /** The overloads of the function named {@code name} (or its alias), empty if there is none. */
    static List<Method> overloads(String name) {
        List<Method> m = METHODS.get(ALIASES.getOrDefault(name, name));
        return m == null ? List.of() : m;
    }

    /** Every function name the library implements, aliases included. */
    static Set<String> names() {
        Set<String> names = new java.util.TreeSet<>(METHODS.keySet());
        for (Map.Entry<String, String> a : ALIASES.entrySet()) {
            if (METHODS.containsKey(a.getValue())) {
                names.add(a.getKey());
            }
        }
        return names;
    }
}
