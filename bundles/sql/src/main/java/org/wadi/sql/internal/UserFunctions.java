package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.util.Optionality;
import org.wadi.spi.function.AsyncFunction;
import org.wadi.spi.function.AsyncOptions;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.types.DataType;

/**
 * The user-defined functions one query may call, as Calcite operators: the function services
 * registered when planning starts, and the Java source functions sent with the pipeline. Looked up
 * after the built-in functions (a built-in of the same name wins). A function whose bundle was
 * removed answers every call with an error naming the bundle.
 */
final class UserFunctions implements SqlOperatorTable {

    /** A call of a user-defined scalar or async function; its plan name is {@link FunctionRef#encode()}. */
    static final class Scalar extends SqlFunction {

        private final FunctionRef ref;
        private final FunctionSignature signature;
        private final AsyncOptions options;

        Scalar(FunctionRef ref, FunctionSignature signature) {
            this(ref, signature, null);
        }

        /** @param options how an async function's calls run; {@code null} for a scalar function */
        Scalar(FunctionRef ref, FunctionSignature signature, AsyncOptions options) {
            super(signature.name(), SqlKind.OTHER_FUNCTION, returnType(signature), null, operands(signature),
                    SqlFunctionCategory.USER_DEFINED_FUNCTION);
            this.ref = ref;
            this.signature = signature;
            this.options = options;
        }

        /** An async function's options; {@code null} for a scalar function. */
        AsyncOptions options() {
            return options;
        }

        FunctionRef ref() {
            return ref;
        }

        FunctionSignature signature() {
            return signature;
        }

        @Override
        public boolean isDeterministic() {
            return signature.deterministic() && ref.kind() == FunctionRef.Kind.SCALAR;
        }
    }

    /** A call of a user-defined aggregate function. */
    static final class Aggregate extends SqlAggFunction {

        private final FunctionRef ref;

        Aggregate(FunctionRef ref, FunctionSignature signature) {
            super(signature.name(), null, SqlKind.OTHER_FUNCTION, returnType(signature), null, operands(signature),
                    SqlFunctionCategory.USER_DEFINED_FUNCTION, false, false, Optionality.FORBIDDEN);
            this.ref = ref;
        }

        FunctionRef ref() {
            return ref;
        }
    }

    private final Map<String, SqlOperator> byName = new LinkedHashMap<>();
    private final FunctionRegistry registry;

    /**
     * @param registry the registered function services
     * @param javaFunctions Java source functions of this query, by name
     */
    UserFunctions(FunctionRegistry registry, Map<String, JavaSourceFunctions.Result> javaFunctions,
            Map<String, String> javaSources) {
        this.registry = registry;
        for (Map.Entry<String, FunctionRegistry.Entry> e : registry.snapshot().entrySet()) {
            FunctionRegistry.Entry entry = e.getValue();
            byName.put(e.getKey(), entry.service() instanceof AsyncFunction async
                    ? new Scalar(entry.ref(), entry.signature(), async.options())
                    : operator(entry.ref(), entry.signature()));
        }
        for (Map.Entry<String, JavaSourceFunctions.Result> e : javaFunctions.entrySet()) {
            FunctionSignature sig = e.getValue().function().signature();
            byName.put(e.getKey(), new Scalar(FunctionRef.java(sig.name(), javaSources.get(e.getKey())), sig));
        }
    }

    private static SqlOperator operator(FunctionRef ref, FunctionSignature signature) {
        return ref.kind() == FunctionRef.Kind.AGGREGATE ? new Aggregate(ref, signature) : new Scalar(ref, signature);
    }

    /** The names of the functions this query may call. */
    List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    @Override
    public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
            List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
        if (!opName.isSimple() || (syntax != SqlSyntax.FUNCTION && syntax != SqlSyntax.FUNCTION_ID)) {
            return;
        }
        String name = opName.getSimple().toLowerCase(Locale.ROOT);
        SqlOperator op = byName.get(name);
        if (op != null) {
            operatorList.add(op);
            return;
        }
        FunctionRef gone = registry.removed(name);
        if (gone != null) {
            operatorList.add(new Removed(gone));
        }
    }

    @Override
    public List<SqlOperator> getOperatorList() {
        return new ArrayList<>(byName.values());
    }

    // ---- types ----------------------------------------------------------------------------------

    private static SqlReturnTypeInference returnType(FunctionSignature signature) {
        return b -> Types.toCalcite(b.getTypeFactory(), signature.returnType(), true);
    }

    private static SqlOperandTypeChecker operands(FunctionSignature signature) {
        List<SqlTypeFamily> families = signature.arguments().stream().map(UserFunctions::family).toList();
        return OperandTypes.family(families);
    }

    /** The family of operands a parameter of this type takes; the worker converts within it. */
    static SqlTypeFamily family(DataType t) {
        return switch (t.id()) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64, DECIMAL ->
                    SqlTypeFamily.NUMERIC;
            case UTF8, JSON -> SqlTypeFamily.CHARACTER;
            case BOOLEAN -> SqlTypeFamily.BOOLEAN;
            case BINARY -> SqlTypeFamily.BINARY;
            case TIMESTAMP -> SqlTypeFamily.TIMESTAMP;
            case DATE -> SqlTypeFamily.DATE;
            case TIME -> SqlTypeFamily.TIME;
            case LIST -> SqlTypeFamily.ARRAY;
            default -> SqlTypeFamily.ANY;
        };
    }

    /** A function whose bundle was removed: every call is an error that says so. */
    private static final class Removed extends SqlFunction {

        Removed(FunctionRef gone) {
            super(gone.name(), SqlKind.OTHER_FUNCTION, b -> b.getTypeFactory().createUnknownType(), null,
                    new RemovedOperands(gone), SqlFunctionCategory.USER_DEFINED_FUNCTION);
        }
    }

    private record RemovedOperands(FunctionRef gone) implements SqlOperandTypeChecker {

        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            throw new UnsupportedException(message(gone), binding.getCall().getParserPosition());
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.any();
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            return opName + "(...)";
        }
    }

    /** The message for a call of a function whose bundle is gone. */
    static String message(FunctionRef gone) {
        return "function '" + gone.name() + "' is not available: the bundle that provided it (" + gone.bundle() + " "
                + gone.version() + ") was removed";
    }
}
