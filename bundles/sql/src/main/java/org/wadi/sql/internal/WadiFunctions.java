package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/**
 * The scalar functions Arroyo registers (DataFusion's defaults, datafusion-functions-json and
 * Arroyo's own) that Calcite's standard table lacks or types differently, by their DataFusion names,
 * arities and result types. Looked up before Calcite's standard operators, case-insensitively.
 * Each is translated to an {@code Expr.Call} of its lower-case name and run by the worker's
 * function library; {@link ExprTranslator} rewrites the few whose plan form differs (structs,
 * {@code arrow_typeof}, {@code arrow_cast}, the coercion of array operands).
 */
final class WadiFunctions implements SqlOperatorTable {

    private static final SqlTypeFamily C = SqlTypeFamily.CHARACTER;
    private static final SqlTypeFamily N = SqlTypeFamily.NUMERIC;
    private static final SqlTypeFamily I = SqlTypeFamily.INTEGER;
    private static final SqlTypeFamily S = SqlTypeFamily.STRING;
    private static final SqlTypeFamily ANY = SqlTypeFamily.ANY;
    private static final SqlTypeFamily DT = SqlTypeFamily.DATETIME;

    // ---- result types ---------------------------------------------------------------------------

    private static final SqlReturnTypeInference STR = ReturnTypes.VARCHAR_NULLABLE;
    private static final SqlReturnTypeInference STR_OR_NULL = ReturnTypes.VARCHAR_FORCE_NULLABLE;
    private static final SqlReturnTypeInference INT = ReturnTypes.INTEGER_NULLABLE;
    private static final SqlReturnTypeInference BIGINT = ReturnTypes.BIGINT_NULLABLE;
    private static final SqlReturnTypeInference BIGINT_OR_NULL = ReturnTypes.BIGINT_FORCE_NULLABLE;
    private static final SqlReturnTypeInference DOUBLE = ReturnTypes.DOUBLE_NULLABLE;
    private static final SqlReturnTypeInference DOUBLE_OR_NULL = ReturnTypes.DOUBLE_FORCE_NULLABLE;
    private static final SqlReturnTypeInference BOOL = ReturnTypes.BOOLEAN_NULLABLE;
    private static final SqlReturnTypeInference BOOL_OR_NULL = ReturnTypes.BOOLEAN_FORCE_NULLABLE;
    private static final SqlReturnTypeInference BINARY = ReturnTypes.VARBINARY_NULLABLE;
    private static final SqlReturnTypeInference DATE = ReturnTypes.DATE_NULLABLE;
    private static final SqlReturnTypeInference TIMESTAMP = ReturnTypes.TIMESTAMP_NULLABLE;

    /** REAL stays REAL, everything else computes in DOUBLE, as DataFusion's math functions. */
    private static final SqlReturnTypeInference FLOAT = b -> nullableIfAny(b,
            b.getOperandType(0).getSqlTypeName() == SqlTypeName.REAL
                    || b.getOperandType(0).getSqlTypeName() == SqlTypeName.FLOAT
                    ? b.getTypeFactory().createSqlType(SqlTypeName.REAL)
                    : b.getTypeFactory().createSqlType(SqlTypeName.DOUBLE));

    /** Integers raised to integers stay integers (BIGINT), as DataFusion's power. */
    private static final SqlReturnTypeInference POWER = b -> nullableIfAny(b,
            SqlTypeUtil.isExactNumeric(b.getOperandType(0)) && SqlTypeUtil.isExactNumeric(b.getOperandType(1))
                    && b.getOperandType(0).getScale() <= 0 && b.getOperandType(1).getScale() <= 0
                    ? b.getTypeFactory().createSqlType(SqlTypeName.BIGINT)
                    : b.getTypeFactory().createSqlType(SqlTypeName.DOUBLE));

    /** date_part: whole numbers (INTEGER), except the epoch with its fraction (DOUBLE). */
    private static final SqlReturnTypeInference DATE_PART = b -> nullableIfAny(b,
            b.isOperandLiteral(0, false) && "epoch".equalsIgnoreCase(b.getOperandLiteralValue(0, String.class))
                    ? b.getTypeFactory().createSqlType(SqlTypeName.DOUBLE)
                    : b.getTypeFactory().createSqlType(SqlTypeName.INTEGER));

    private static final SqlReturnTypeInference STRING_LIST = b -> {
        RelDataTypeFactory f = b.getTypeFactory();
        RelDataType element = f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true);
        return f.createTypeWithNullability(f.createArrayType(element, -1), true);
    };

    /** The type of the first operand's nullability: concat_ws is NULL only for a NULL separator. */
    private static final SqlReturnTypeInference STR_IF_ARG0 = b -> b.getTypeFactory().createTypeWithNullability(
            b.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), b.getOperandType(0).isNullable());

    private static final SqlReturnTypeInference EXTREME = b -> {
        RelDataType t = b.getTypeFactory().leastRestrictive(b.collectOperandTypes());
        if (t == null) {
            throw b.newError(org.apache.calcite.util.Static.RESOURCE.typeNotComparableNear("", ""));
        }
        boolean allNullable = b.collectOperandTypes().stream().allMatch(RelDataType::isNullable);
        return b.getTypeFactory().createTypeWithNullability(t, allNullable);
    };

    /** An array of the call's common element type (see {@link #commonElement}). */
    private static final SqlReturnTypeInference ARRAY = b -> b.getTypeFactory().createTypeWithNullability(
            b.getTypeFactory().createArrayType(element(b), -1), true);

    /** An element of the call's arrays, NULL where there is none (index out of range, empty array). */
    private static final SqlReturnTypeInference ELEMENT = b -> b.getTypeFactory().createTypeWithNullability(
            element(b), true);

    private static final SqlReturnTypeInference BIGINT_ARRAY = b -> {
        RelDataTypeFactory f = b.getTypeFactory();
        return f.createTypeWithNullability(f.createArrayType(f.createSqlType(SqlTypeName.BIGINT), -1), true);
    };

    /** flatten: an array of the innermost element type. */
    private static final SqlReturnTypeInference FLATTEN = b -> {
        RelDataType t = b.getOperandType(0);
        while (t.getComponentType() != null && t.getComponentType().getComponentType() != null) {
            t = t.getComponentType();
        }
        return b.getTypeFactory().createTypeWithNullability(t, true);
    };

    /** named_struct('a', x, 'b', y): a ROW of the named fields. */
    private static final SqlReturnTypeInference NAMED_STRUCT = b -> {
        List<String> names = new ArrayList<>();
        List<RelDataType> types = new ArrayList<>();
        for (int i = 0; i + 1 < b.getOperandCount(); i += 2) {
            names.add(b.getOperandLiteralValue(i, String.class));
            types.add(b.getOperandType(i + 1));
        }
        return b.getTypeFactory().createStructType(types, names);
    };

    /** struct(x, y): a ROW whose fields are named c0, c1, … as DataFusion's. */
    private static final SqlReturnTypeInference STRUCT = b -> {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < b.getOperandCount(); i++) {
            names.add("c" + i);
        }
        return b.getTypeFactory().createStructType(b.collectOperandTypes(), names);
    };

    /** get_field(s, 'name'): the named field's type, nullable as the struct may be NULL. */
    private static final SqlReturnTypeInference GET_FIELD = b -> {
        RelDataTypeField f = field(b.getOperandType(0), b.getOperandLiteralValue(1, String.class));
        return b.getTypeFactory().createTypeWithNullability(f.getType(), true);
    };

    /** arrow_cast(x, 'Int64'): the type the Arrow type name stands for. */
    private static final SqlReturnTypeInference ARROW_CAST = b -> {
        String name = b.getOperandLiteralValue(1, String.class);
        RelDataType t = Types.fromArrowName(b.getTypeFactory(), name);
        return b.getTypeFactory().createTypeWithNullability(t, b.getOperandType(0).isNullable());
    };

    /** The field of a struct type by name (case-sensitively, then not), or {@code null}. */
    static RelDataTypeField field(RelDataType struct, String name) {
        if (!struct.isStruct() || name == null) {
            return null;
        }
        RelDataTypeField f = struct.getField(name, true, false);
        return f != null ? f : struct.getField(name, false, false);
    }

    private static RelDataType nullableIfAny(SqlOperatorBinding b, RelDataType t) {
        boolean nullable = b.collectOperandTypes().stream().anyMatch(RelDataType::isNullable);
        return b.getTypeFactory().createTypeWithNullability(t, nullable);
    }

    private static RelDataType notNull(SqlOperatorBinding b, SqlTypeName name) {
        return b.getTypeFactory().createSqlType(name);
    }

    // ---- the table ------------------------------------------------------------------------------

    // after the constants above: the constructor uses them
    static final WadiFunctions INSTANCE = new WadiFunctions();

    private final Map<String, List<SqlOperator>> byName = new TreeMap<>();

    private WadiFunctions() {
        // strings
        add("ascii", INT, C);
        for (String name : List.of("bit_length", "octet_length")) {
            add(name, INT, S);
        }
        add("length", INT, S);
        for (String name : List.of("btrim", "ltrim", "rtrim")) {
            add(name, STR, fam(List.of(C, C), 1));
        }
        add("chr", STR, I);
        add("concat", ReturnTypes.VARCHAR, variadic(ANY, 1, ANY));
        add("concat_ws", STR_IF_ARG0, variadic(C, 2, ANY));
        for (String name : List.of("contains", "starts_with", "ends_with")) {
            add(name, BOOL, C, C);
        }
        add("find_in_set", INT, C, C);
        add("initcap", STR, C);
        for (String name : List.of("strpos", "instr")) {
            add(name, INT, C, C);
        }
        add("left", STR, C, I);
        add("right", STR, C, I);
        add("levenshtein", INT, C, C);
        add("lpad", STR, fam(List.of(C, I, C), 2));
        add("rpad", STR, fam(List.of(C, I, C), 2));
        add("repeat", STR, C, I);
        add("reverse", STR, C);
        add("split_part", STR, C, C, I);
        add("substr", STR, fam(List.of(C, I, I), 2));
        for (String name : List.of("substr_index", "substring_index")) {
            add(name, STR, C, C, I);
        }
        add("translate", STR, C, C, C);
        // the parser turns translate(s, from, to) into a call of this name
        add("translate3", STR, C, C, C);
        addVolatile("uuid", b -> notNull(b, SqlTypeName.VARCHAR));
        add("to_hex", STR, I);
        // regular expressions
        add("regexp_like", BOOL, fam(List.of(C, C, C), 2));
        add("regexp_match", STRING_LIST, fam(List.of(C, C, C), 2));
        add("regexp_replace", STR, fam(List.of(C, C, C, C), 3));
        add("regexp_count", BIGINT, fam(List.of(C, C, I, C), 2));
        add("regexp_instr", BIGINT, fam(List.of(C, C, I, I, C, I), 2));
        // hashing and encoding
        add("md5", STR, S);
        for (String name : List.of("sha224", "sha256", "sha384", "sha512")) {
            add(name, BINARY, S);
        }
        add("digest", BINARY, S, C);
        add("encode", STR, S, C);
        add("decode", BINARY, S, C);
        // math
        for (String name : List.of("acos", "acosh", "asin", "asinh", "atan", "atanh", "cbrt", "cos", "cosh", "cot",
                "degrees", "radians", "sin", "sinh", "tan", "tanh", "exp", "ln", "log10", "log2", "sqrt", "signum")) {
            add(name, FLOAT, N);
        }
        add("atan2", DOUBLE, N, N);
        add("log", DOUBLE, fam(List.of(N, N), 1));
        add("factorial", BIGINT, I);
        add("gcd", BIGINT, I, I);
        add("lcm", BIGINT, I, I);
        add("isnan", BOOL, N);
        add("iszero", BOOL, N);
        add("nanvl", DOUBLE, N, N);
        add("pi", b -> notNull(b, SqlTypeName.DOUBLE), OperandTypes.NILADIC);
        addVolatile("random", b -> notNull(b, SqlTypeName.DOUBLE));
        add("power", POWER, N, N);
        add("pow", POWER, N, N);
        add("round", FLOAT, fam(List.of(N, I), 1));
        add("trunc", FLOAT, fam(List.of(N, I), 1));
        // conditional
        register(SqlLibraryOperators.NVL);
        register(SqlLibraryOperators.IFNULL);
        register(SqlLibraryOperators.NVL2);
        add("greatest", EXTREME, OperandTypes.ONE_OR_MORE);
        add("least", EXTREME, OperandTypes.ONE_OR_MORE);
        // date and time
        add("now", b -> notNull(b, SqlTypeName.TIMESTAMP), OperandTypes.NILADIC);
        // Arroyo's own: the wall-clock time when the row is processed (the worker's now())
        addVolatile("wallclock", b -> notNull(b, SqlTypeName.TIMESTAMP));
        add("today", b -> notNull(b, SqlTypeName.DATE), OperandTypes.NILADIC);
        add("date_bin", TIMESTAMP, fam(List.of(SqlTypeFamily.DATETIME_INTERVAL, DT, DT), 2));
        for (String name : List.of("date_trunc", "datetrunc")) {
            add(name, TIMESTAMP, C, DT);
        }
        for (String name : List.of("date_part", "datepart")) {
            add(name, DATE_PART, C, DT);
        }
        for (String name : List.of("to_timestamp", "to_timestamp_seconds", "to_timestamp_millis",
                "to_timestamp_micros", "to_timestamp_nanos")) {
            add(name, TIMESTAMP, variadic(ANY, 1, C));
        }
        add("to_unixtime", BIGINT, variadic(ANY, 1, C));
        add("to_date", DATE, variadic(ANY, 1, C));
        add("from_unixtime", TIMESTAMP, I);
        add("make_date", DATE, I, I, I);
        add("to_local_time", TIMESTAMP, DT);
        for (String name : List.of("to_char", "date_format")) {
            add(name, STR, DT, C);
        }
        // datafusion-functions-json: json, then keys (text) and array indexes (integers)
        add("json_get", STR_OR_NULL, variadic(C, 1, ANY));
        add("json_get_str", STR_OR_NULL, variadic(C, 1, ANY));
        add("json_get_json", STR_OR_NULL, variadic(C, 1, ANY));
        add("json_as_text", STR_OR_NULL, variadic(C, 1, ANY));
        add("json_get_int", BIGINT_OR_NULL, variadic(C, 1, ANY));
        add("json_get_float", DOUBLE_OR_NULL, variadic(C, 1, ANY));
        add("json_get_bool", BOOL_OR_NULL, variadic(C, 1, ANY));
        add("json_length", BIGINT_OR_NULL, variadic(C, 1, ANY));
        add("json_contains", BOOL, variadic(C, 1, ANY));
        add("json_object_keys", STRING_LIST, variadic(C, 1, ANY));
        add("json_get_array", STRING_LIST, variadic(C, 1, ANY));
        // Arroyo's JSONPath functions
        add("get_first_json_object", STR_OR_NULL, C, C);
        add("extract_json", STRING_LIST, C, C);
        add("extract_json_string", STR_OR_NULL, C, C);
        arrays();
        // structs (Wadi has no MAP or UNION type: the map and union functions are missing)
        add("named_struct", NAMED_STRUCT, new NamedStructOperands());
        add("struct", STRUCT, OperandTypes.ONE_OR_MORE);
        add("get_field", GET_FIELD, new GetFieldOperands());
        // other
        add("arrow_typeof", b -> notNull(b, SqlTypeName.VARCHAR), OperandTypes.ANY);
        add("arrow_cast", ARROW_CAST, new ArrowCastOperands());
        add("version", b -> notNull(b, SqlTypeName.VARCHAR), OperandTypes.NILADIC);
        add("multi_hash", b -> b.getTypeFactory().createSqlType(SqlTypeName.BINARY, 16),
                OperandTypes.ONE_OR_MORE);
        // the aggregate functions beyond count, sum, min, max and avg (DataFusion's names and types)
        AggregateFunctions.all().forEach(this::register);
    }

    // ---- arrays (datafusion-functions-nested) ---------------------------------------------------

    /**
     * The array functions: name, operand kinds (see {@link ArrayOperands}), result, and the other
     * names DataFusion gives them.
     */
    private void arrays() {
        array("make_array", "e*", b -> b.getTypeFactory().createArrayType(element(b), -1), "make_list");
        array("array_length", "Ai", BIGINT_OR_NULL, "list_length");
        array("cardinality", "A", BIGINT_OR_NULL);
        array("array_ndims", "A", BIGINT_OR_NULL, "list_ndims");
        array("array_dims", "A", BIGINT_ARRAY, "list_dims");
        array("empty", "A", BOOL_OR_NULL, "array_empty", "list_empty");
        array("array_element", "AI", ELEMENT, "array_extract", "list_element", "list_extract");
        array("array_any_value", "A", ELEMENT, "list_any_value");
        array("array_max", "A", ELEMENT, "list_max");
        array("array_append", "AE", ARRAY, "list_append", "array_push_back", "list_push_back");
        array("array_prepend", "EA", ARRAY, "list_prepend", "array_push_front", "list_push_front");
        array("array_cat", "Aa*", ARRAY, "array_concat", "list_concat", "list_cat");
        array("array_has", "AE", BOOL_OR_NULL, "list_has", "array_contains", "list_contains");
        array("array_has_all", "AA", BOOL_OR_NULL, "list_has_all");
        array("array_has_any", "AA", BOOL_OR_NULL, "list_has_any");
        array("arrays_overlap", "AA", BOOL_OR_NULL);
        array("array_position", "AEi", BIGINT_OR_NULL, "list_position", "array_indexof", "list_indexof");
        array("array_positions", "AE", BIGINT_ARRAY, "list_positions");
        array("array_remove", "AE", ARRAY, "list_remove");
        array("array_remove_n", "AEI", ARRAY, "list_remove_n");
        array("array_remove_all", "AE", ARRAY, "list_remove_all");
        array("array_replace", "AEE", ARRAY, "list_replace");
        array("array_replace_n", "AEEI", ARRAY, "list_replace_n");
        array("array_replace_all", "AEE", ARRAY, "list_replace_all");
        array("array_slice", "AIIi", ARRAY, "list_slice");
        array("array_reverse", "A", ARRAY, "list_reverse");
        array("array_sort", "Acc", ARRAY, "list_sort");
        array("array_distinct", "A", ARRAY, "list_distinct");
        array("array_union", "AA", ARRAY, "list_union");
        array("array_intersect", "AA", ARRAY, "list_intersect");
        array("array_except", "AA", ARRAY, "list_except");
        array("array_pop_back", "A", ARRAY, "list_pop_back");
        array("array_pop_front", "A", ARRAY, "list_pop_front");
        array("array_repeat", "EI", ARRAY, "list_repeat");
        array("array_resize", "AIe", ARRAY, "list_resize");
        array("flatten", "A", FLATTEN);
        // a row per element (Arroyo's SELECT unnest(list)): planned as an unnest operator, not a scalar
        array("unnest", "A", ELEMENT);
        array("array_to_string", "ACc", STR_OR_NULL, "list_to_string", "array_join", "list_join");
        array("string_to_array", "CCc", STRING_LIST, "string_to_list");
        array("range", "Iii", BIGINT_ARRAY);
        array("generate_series", "Iii", BIGINT_ARRAY);
        array("array_distance", "AA", DOUBLE_OR_NULL, "list_distance");
    }

    private final Map<String, String> arrayKinds = new TreeMap<>();

    private void array(String name, String kinds, SqlReturnTypeInference ret, String... aliases) {
        for (String n : concat(name, aliases)) {
            arrayKinds.put(n, kinds);
            add(n, ret, new ArrayOperands(kinds));
        }
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }

    /**
     * The kind of each operand of a call of the array function {@code name} with {@code arity}
     * operands (see {@link ArrayOperands}), upper case; {@code null} if {@code name} is not an array
     * function.
     */
    String arrayOperandKinds(String name, int arity) {
        String kinds = arrayKinds.get(name.toLowerCase(Locale.ROOT));
        if (kinds == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < arity; i++) {
            b.append(ArrayOperands.kind(kinds, i));
        }
        return b.toString();
    }

    /**
     * The element type the arrays and elements of an array function's call share (DataFusion
     * coerces them to one type): the least restrictive of the arrays' element types and the element
     * operands' types, VARCHAR for text; {@code null} if they have none.
     */
    static RelDataType commonElement(RelDataTypeFactory f, String kinds, List<RelDataType> types) {
        List<RelDataType> parts = new ArrayList<>();
        boolean nullable = false;
        for (int i = 0; i < types.size(); i++) {
            RelDataType t = types.get(i);
            char k = kinds.charAt(i);
            if (k != 'A' && k != 'E') {
                continue;
            }
            if (t.getSqlTypeName() == SqlTypeName.NULL) {
                nullable |= k == 'E';
                continue;
            }
            RelDataType part = k == 'A' ? t.getComponentType() : t;
            if (part == null) {
                return null;
            }
            if (part.getSqlTypeName() != SqlTypeName.NULL) {
                parts.add(part);
            }
            nullable |= part.isNullable();
        }
        if (parts.isEmpty()) {
            return f.createTypeWithNullability(f.createSqlType(SqlTypeName.NULL), true);
        }
        RelDataType common = f.leastRestrictive(parts);
        if (common == null) {
            return null;
        }
        if (common.getSqlTypeName() == SqlTypeName.CHAR) {
            common = f.createSqlType(SqlTypeName.VARCHAR);
        }
        return f.createTypeWithNullability(common, nullable);
    }

    private static RelDataType element(SqlOperatorBinding b) {
        String name = b.getOperator().getName();
        String kinds = INSTANCE.arrayOperandKinds(name, b.getOperandCount());
        RelDataType e = commonElement(b.getTypeFactory(), kinds, b.collectOperandTypes());
        if (e == null) {
            throw b.newError(org.apache.calcite.util.Static.RESOURCE.typeNotComparableNear("", ""));
        }
        return e;
    }

    private void add(String name, SqlReturnTypeInference ret, SqlTypeFamily... operands) {
        add(name, ret, OperandTypes.family(operands));
    }

    private void add(String name, SqlReturnTypeInference ret, SqlOperandTypeChecker operands) {
        // lower case, as users write DataFusion's functions: Calcite's messages quote this name
        register(new SqlFunction(name, SqlKind.OTHER_FUNCTION, ret, null, operands,
                SqlFunctionCategory.SYSTEM));
    }

    /** A function of no operands whose every call gives a new value: never folded or shared by the planner. */
    private void addVolatile(String name, SqlReturnTypeInference ret) {
        register(new SqlFunction(name, SqlKind.OTHER_FUNCTION, ret, null, OperandTypes.NILADIC,
                SqlFunctionCategory.SYSTEM) {
            @Override
            public boolean isDeterministic() {
                return false;
            }
        });
    }

    private void register(SqlOperator op) {
        byName.computeIfAbsent(op.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(op);
    }

    /** Families, the last {@code families.size() - required} of them optional. */
    private static SqlOperandTypeChecker fam(List<SqlTypeFamily> families, int required) {
        return OperandTypes.family(families, i -> i >= required);
    }

    private static SqlOperandTypeChecker variadic(SqlTypeFamily first, int min, SqlTypeFamily rest) {
        return new Variadic(first, min, rest);
    }

    /** Whether a function of this name is registered here (any arity). */
    boolean defines(String name) {
        return byName.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The names registered here, lower case. */
    java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(byName.keySet());
    }

    @Override
    public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
            List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
        if (!opName.isSimple() || (syntax != SqlSyntax.FUNCTION && syntax != SqlSyntax.FUNCTION_ID)) {
            return;
        }
        List<SqlOperator> ops = byName.get(opName.getSimple().toLowerCase(Locale.ROOT));
        if (ops != null) {
            operatorList.addAll(ops);
        }
    }

    @Override
    public List<SqlOperator> getOperatorList() {
        List<SqlOperator> all = new ArrayList<>();
        byName.values().forEach(all::addAll);
        return all;
    }

    /** A first operand of one family, then any number (at least {@code min} operands in all) of another. */
    private record Variadic(SqlTypeFamily first, int min, SqlTypeFamily rest) implements SqlOperandTypeChecker {

        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            for (int i = 0; i < binding.getOperandCount(); i++) {
                SqlTypeFamily want = i == 0 ? first : rest;
                RelDataType t = binding.getOperandType(i);
                if (want != SqlTypeFamily.ANY && t.getSqlTypeName() != SqlTypeName.NULL
                        && !want.getTypeNames().contains(t.getSqlTypeName())) {
                    if (throwOnFailure) {
                        throw binding.newValidationSignatureError();
                    }
                    return false;
                }
            }
            return true;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.from(min);
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            return opName + "(<" + first + ">" + (min > 1 ? ", <" + rest + ">" : "") + ", [<" + rest + ">...])";
        }
    }

    /**
     * The operands of an array function, one letter each: {@code A} an array, {@code E} an element
     * of the arrays' common type ({@link #commonElement}), {@code I} an integer, {@code C} text;
     * lower case marks an optional operand, and a {@code *} after a letter repeats it any number of
     * times. The arrays and elements must share a type, as DataFusion coerces them to one.
     */
    private record ArrayOperands(String kinds) implements SqlOperandTypeChecker {

        /** The kind of operand {@code i}, upper case. */
        static char kind(String kinds, int i) {
            int star = kinds.indexOf('*');
            int at = star >= 0 && i >= star - 1 ? star - 1 : i;
            return Character.toUpperCase(kinds.charAt(at));
        }

        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            List<RelDataType> types = binding.collectOperandTypes();
            StringBuilder ks = new StringBuilder();
            boolean ok = true;
            for (int i = 0; i < types.size() && ok; i++) {
                char k = kind(kinds, i);
                ks.append(k);
                SqlTypeName t = types.get(i).getSqlTypeName();
                ok = t == SqlTypeName.NULL || switch (k) {
                    case 'A' -> t == SqlTypeName.ARRAY;
                    case 'I' -> SqlTypeFamily.INTEGER.getTypeNames().contains(t);
                    case 'C' -> SqlTypeFamily.CHARACTER.getTypeNames().contains(t);
                    default -> true;
                };
            }
            if (ok) {
                RelDataType common = commonElement(binding.getTypeFactory(), ks.toString(), types);
                ok = common != null && (!binding.getOperator().getName().endsWith("_distance")
                        || common.getSqlTypeName() == SqlTypeName.NULL || SqlTypeUtil.isNumeric(common));
            }
            if (!ok && throwOnFailure) {
                throw binding.newValidationSignatureError();
            }
            return ok;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            int required = 0;
            for (char c : kinds.toCharArray()) {
                required += Character.isUpperCase(c) ? 1 : 0;
            }
            return kinds.endsWith("*") ? SqlOperandCountRanges.from(required)
                    : SqlOperandCountRanges.between(required, kinds.length());
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            StringBuilder b = new StringBuilder(opName).append('(');
            String sep = "";
            for (int i = 0; i < kinds.length(); i++) {
                char c = kinds.charAt(i);
                if (c == '*') {
                    b.append(sep).append("...");
                    continue;
                }
                String name = switch (Character.toUpperCase(c)) {
                    case 'A' -> "<ARRAY>";
                    case 'E' -> "<ELEMENT>";
                    case 'I' -> "<INTEGER>";
                    default -> "<CHARACTER>";
                };
                b.append(sep).append(Character.isLowerCase(c) ? "[" + name + "]" : name);
                sep = ", ";
            }
            return b.append(')').toString();
        }
    }

    /** named_struct: pairs of a text literal (the field's name) and a value. */
    private record NamedStructOperands() implements SqlOperandTypeChecker {

        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            boolean ok = binding.getOperandCount() % 2 == 0;
            for (int i = 0; ok && i < binding.getOperandCount(); i += 2) {
                ok = binding.isOperandLiteral(i, false)
                        && SqlTypeUtil.inCharFamily(binding.getOperandType(i))
                        && binding.getOperandLiteralValue(i, String.class) != null;
            }
            if (!ok && throwOnFailure) {
                throw binding.newValidationSignatureError();
            }
            return ok;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.from(2);
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            return opName + "('<name>', <value>[, '<name>', <value>...])";
        }
    }

    /** get_field: a struct and the name of one of its fields, as a text literal. */
    private record GetFieldOperands() implements SqlOperandTypeChecker {

        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            boolean ok = binding.getOperandType(0).isStruct() && binding.isOperandLiteral(1, false)
                    && SqlTypeUtil.inCharFamily(binding.getOperandType(1));
            if (!ok && throwOnFailure) {
                throw binding.newValidationSignatureError();
            }
            String name = ok ? binding.getOperandLiteralValue(1, String.class) : null;
            if (ok && field(binding.getOperandType(0), name) == null) {
                if (throwOnFailure) {
                    throw new UnsupportedException("get_field: the struct has no field '" + name + "'; its fields: "
                            + String.join(", ", binding.getOperandType(0).getFieldNames()),
                            binding.getCall().getParserPosition());
                }
                return false;
            }
            return ok;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.of(2);
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            return opName + "(<STRUCT>, '<field name>')";
        }
    }

    /** arrow_cast: a value and, as a text literal, the name of an Arrow type Wadi has. */
    private record ArrowCastOperands() implements SqlOperandTypeChecker {

        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            boolean ok = binding.isOperandLiteral(1, false) && SqlTypeUtil.inCharFamily(binding.getOperandType(1));
            if (!ok) {
                if (throwOnFailure) {
                    throw binding.newValidationSignatureError();
                }
                return false;
            }
            try {
                Types.fromArrowName(binding.getTypeFactory(), binding.getOperandLiteralValue(1, String.class));
                return true;
            } catch (UnsupportedException e) {
                if (throwOnFailure) {
                    throw new UnsupportedException("arrow_cast: " + e.getMessage(),
                            binding.getCall().getParserPosition());
                }
                return false;
            }
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.of(2);
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            return opName + "(<ANY>, '<Arrow type name>')";
        }
    }
}
