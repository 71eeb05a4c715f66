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
 * reach {@code long} parameters as nanoseconds (a DATE is converted from days). Arrays pass as
 * {@link List}s and come back as lists of the call's element type; an {@code Object} parameter takes
 * any value boxed, and an {@code Object} result is a value of the call's type (an array's element).
 */
final class FunctionLibrary {

    private static final List<Class<?>> CLASSES = List.of(StringFunctions.class, MathFunctions.class,
            TimeFunctions.class, HashFunctions.class, RegexFunctions.class, JsonFunctions.class, ArrayFunctions.class,
            SystemFunctions.class);

    /** Names DataFusion also accepts for a function, mapped to the method's name. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("instr", "strpos"),
            Map.entry("substring_index", "substr_index"),
            Map.entry("pow", "power"),
            // Calcite parses translate(s, from, to) as its three-operand TRANSLATE3
            Map.entry("translate3", "translate"),
            // datafusion-functions-nested's other names
            Map.entry("make_list", "make_array"),
            Map.entry("list_length", "array_length"),
            Map.entry("list_dims", "array_dims"),
            Map.entry("array_empty", "empty"),
            Map.entry("list_empty", "empty"),
            Map.entry("array_extract", "array_element"),
            Map.entry("list_element", "array_element"),
            Map.entry("list_extract", "array_element"),
            Map.entry("list_any_value", "array_any_value"),
            Map.entry("list_max", "array_max"),
            Map.entry("list_append", "array_append"),
            Map.entry("array_push_back", "array_append"),
            Map.entry("list_push_back", "array_append"),
            Map.entry("list_prepend", "array_prepend"),
            Map.entry("array_push_front", "array_prepend"),
            Map.entry("list_push_front", "array_prepend"),
            Map.entry("array_concat", "array_cat"),
            Map.entry("list_concat", "array_cat"),
            Map.entry("list_cat", "array_cat"),
            Map.entry("list_has", "array_has"),
            Map.entry("array_contains", "array_has"),
            Map.entry("list_contains", "array_has"),
            Map.entry("list_has_all", "array_has_all"),
            Map.entry("list_has_any", "array_has_any"),
            Map.entry("list_position", "array_position"),
            Map.entry("array_indexof", "array_position"),
            Map.entry("list_indexof", "array_position"),
            Map.entry("list_positions", "array_positions"),
            Map.entry("list_remove", "array_remove"),
            Map.entry("list_remove_n", "array_remove_n"),
            Map.entry("list_remove_all", "array_remove_all"),
            Map.entry("list_replace", "array_replace"),
            Map.entry("list_replace_n", "array_replace_n"),
            Map.entry("list_replace_all", "array_replace_all"),
            Map.entry("list_slice", "array_slice"),
            Map.entry("list_reverse", "array_reverse"),
            Map.entry("list_sort", "array_sort"),
            Map.entry("list_distinct", "array_distinct"),
            Map.entry("list_union", "array_union"),
            Map.entry("list_intersect", "array_intersect"),
            Map.entry("list_except", "array_except"),
            Map.entry("list_pop_back", "array_pop_back"),
            Map.entry("list_pop_front", "array_pop_front"),
            Map.entry("list_repeat", "array_repeat"),
            Map.entry("list_resize", "array_resize"),
            Map.entry("list_to_string", "array_to_string"),
            Map.entry("array_join", "array_to_string"),
            Map.entry("list_join", "array_to_string"),
            Map.entry("string_to_list", "string_to_array"),
            Map.entry("list_distance", "array_distance"));

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
