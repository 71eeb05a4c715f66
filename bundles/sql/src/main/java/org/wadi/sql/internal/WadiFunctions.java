package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
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
 * function library.
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
        add("uuid", b -> notNull(b, SqlTypeName.VARCHAR), OperandTypes.NILADIC);
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
        add("random", b -> notNull(b, SqlTypeName.DOUBLE), OperandTypes.NILADIC);
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
    }

    private void add(String name, SqlReturnTypeInference ret, SqlTypeFamily... operands) {
        add(name, ret, OperandTypes.family(operands));
    }

    private void add(String name, SqlReturnTypeInference ret, SqlOperandTypeChecker operands) {
        // lower case, as users write DataFusion's functions: Calcite's messages quote this name
        register(new SqlFunction(name, SqlKind.OTHER_FUNCTION, ret, null, operands,
                SqlFunctionCategory.SYSTEM));
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
}
