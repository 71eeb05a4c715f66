package org.wadi.worker.internal.expr;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * Translates a calc operator's filter and projections into the Java source of one class
 * implementing {@link CalcFunction} and compiles it with Janino. Values live in primitive locals
 * with a separate null flag, so rows are unboxed once per used column and boxed once per output
 * column; {@code AND}, {@code OR}, {@code CASE} and {@code COALESCE} evaluate lazily, as SQL does.
 * Anything the generator does not know fails here, at build time, naming the operator — the tree is
 * never interpreted per row.
 */
public final class ExprCompiler {

    private static final String CLASS_NAME = "org.wadi.worker.gen.Calc";

    private final ClassLoader parent;
    private final FunctionResolver functions;

    /**
     * Generated classes see this bundle's classes (the runtime helpers and the SPI it imports);
     * user-defined functions are the services registered in this bundle's framework.
     */
    public ExprCompiler() {
        this(ExprCompiler.class.getClassLoader(), FunctionResolver.osgi());
    }

    public ExprCompiler(ClassLoader parent) {
        this(parent, FunctionResolver.osgi());
    }

    /** A compiler whose user-defined functions are those {@code functions} finds. */
    public ExprCompiler(FunctionResolver functions) {
        this(ExprCompiler.class.getClassLoader(), functions);
    }

    public ExprCompiler(ClassLoader parent, FunctionResolver functions) {
        this.parent = parent;
        this.functions = functions;
    }

    /** Where user-defined functions are found. */
    public FunctionResolver functions() {
        return functions;
    }

    /** A compiled calc: creates one {@link CalcFunction} per subtask. */
    public static final class Compiled {

        private final Constructor<?> constructor;
        private final Object[] constants;
        private final String source;

        Compiled(Constructor<?> constructor, Object[] constants, String source) {
            this.constructor = constructor;
            this.constants = constants;
            this.source = source;
        }

        public CalcFunction newInstance() {
            try {
                return (CalcFunction) constructor.newInstance((Object) constants);
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("generated calc class could not be instantiated", e);
            }
        }

        /** The generated Java source, for diagnostics. */
        public String source() {
            return source;
        }
    }

    /**
     * Compiles a calc operator.
     *
     * @param operatorId the plan node's id, named in errors
     * @throws PlanException naming the unsupported operator, function or conversion
     */
    public Compiled compile(String operatorId, CalcOperator calc) throws PlanException {
        Generator g = new Generator(operatorId, functions);
        String source = g.generate(calc);
        SimpleCompiler compiler = new SimpleCompiler();
        // Janino's default parent is the thread's context class loader, which in OSGi is whatever the
        // calling thread happens to carry; the generated code must resolve our helpers and the SPI
        // through this bundle's wiring instead.
        compiler.setParentClassLoader(parent);
        try {
            compiler.cook(source);
            Class<?> cls = compiler.getClassLoader().loadClass(CLASS_NAME);
            return new Compiled(cls.getConstructor(Object[].class), g.constants.toArray(), source);
        } catch (CompileException | ClassNotFoundException | NoSuchMethodException e) {
            throw new PlanException("the expressions of " + operatorId + " could not be compiled: " + e.getMessage()
                    + "\n" + numbered(source), "internal", e);
        }
    }

    /** The Java source {@link #compile} would compile, for tests and diagnostics. */
    public String generate(String operatorId, CalcOperator calc) throws PlanException {
        return new Generator(operatorId, functions).generate(calc);
    }

    private static String numbered(String source) {
        StringBuilder b = new StringBuilder();
        String[] lines = source.split("\n");
        for (int i = 0; i < lines.length; i++) {
            b.append(String.format(Locale.ROOT, "%4d  %s%n", i + 1, lines[i]));
        }
        return b.toString();
    }

    /** A value in generated code: a null flag and a value expression of the type's Java type. */
    private record Val(String n, String v, DataType t) {
    }

    /** How a type computes in arithmetic and comparisons. */
    private enum Fam { LONG, U64, DOUBLE, DECIMAL, BOOL, STRING, BINARY, OTHER }

    private static Fam fam(DataType t) {
        return switch (t.id()) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, TIMESTAMP, DATE, TIME, INTERVAL -> Fam.LONG;
            case UINT64 -> Fam.U64;
            case FLOAT32, FLOAT64 -> Fam.DOUBLE;
            case DECIMAL -> Fam.DECIMAL;
            case BOOLEAN -> Fam.BOOL;
            case UTF8, JSON -> Fam.STRING;
            case BINARY -> Fam.BINARY;
            default -> Fam.OTHER;
        };
    }

    private static boolean numeric(Fam f) {
        return f == Fam.LONG || f == Fam.U64 || f == Fam.DOUBLE || f == Fam.DECIMAL;
    }

    static String javaType(DataType t) {
        return switch (t.id()) {
            case BOOLEAN -> "boolean";
            case INT8 -> "byte";
            case INT16, UINT8 -> "short";
            case INT32, UINT16, DATE -> "int";
            case INT64, UINT32, UINT64, TIMESTAMP, TIME, INTERVAL -> "long";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case DECIMAL -> "java.math.BigDecimal";
            case UTF8, JSON -> "String";
            case BINARY -> "byte[]";
            case STRUCT -> "Object[]";
            case LIST -> "java.util.List";
        };
    }

    private static String boxType(DataType t) {
        return switch (t.id()) {
            case BOOLEAN -> "Boolean";
            case INT8 -> "Byte";
            case INT16, UINT8 -> "Short";
            case INT32, UINT16, DATE -> "Integer";
            case INT64, UINT32, UINT64, TIMESTAMP, TIME, INTERVAL -> "Long";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            default -> null;
        };
    }

    private static String zero(DataType t) {
        return switch (javaType(t)) {
            case "boolean" -> "false";
            case "byte" -> "(byte) 0";
            case "short" -> "(short) 0";
            case "int" -> "0";
            case "long" -> "0L";
            case "float" -> "0.0f";
            case "double" -> "0.0d";
            default -> "null";
        };
    }

    private static String box(DataType t, String v) {
        String b = boxType(t);
        return b == null ? v : b + ".valueOf(" + v + ")";
    }

    private static final DataType DECIMAL_ANY = DataType.decimal(0, 0);

    /** The state of one generation: the class's constants and the method body being written. */
    private static final class Generator {

        private final String operatorId;
        final List<Object> constants = new ArrayList<>();
        private final StringBuilder fields = new StringBuilder();
        private final StringBuilder ctor = new StringBuilder();
        private final StringBuilder code = new StringBuilder();
        private final Map<Integer, Val> inputs = new LinkedHashMap<>();
        private int seq;

        private final FunctionResolver functions;

        Generator(String operatorId, FunctionResolver functions) {
            this.operatorId = operatorId;
            this.functions = functions;
        }

        /**
         * A struct field taken as it is ({@code bid.auction}): the boxed value is copied from the
         * struct, without unboxing and boxing it again; {@code null} when {@code p} is not such a
         * field of an input column.
         */
        private static String passedThroughField(Expr p, DataType target) {
            if (p instanceof Expr.Call c && c.op().equalsIgnoreCase("ITEM") && c.operands().size() == 2
                    && c.operands().get(0) instanceof Expr.InputRef ref && ref.type().id() == TypeId.STRUCT
                    && c.operands().get(1) instanceof Expr.Literal index && index.value() != null
                    && c.type().id() == target.id() && (target.id() != TypeId.DECIMAL || c.type().equals(target))) {
                int field = Integer.parseInt(index.value());
                if (field >= 0 && field < ref.type().fields().size()
                        && ref.type().fields().get(field).type().equals(c.type())) {
                    return "(in[" + ref.index() + "] == null ? null : ((Object[]) in[" + ref.index() + "])[" + field + "])";
                }
            }
            return null;
        }

        String generate(CalcOperator calc) throws PlanException {
            Schema out = calc.output();
            if (calc.filter() != null) {
                if (calc.filter().type().id() != TypeId.BOOLEAN) {
                    throw new PlanException("the filter of " + operatorId + " is of type " + calc.filter().type()
                            + ", expected BOOLEAN", "internal");
                }
                loadInputs(calc.filter());
                Val f = gen(calc.filter());
                code.append("if (").append(f.n).append(" || !").append(f.v).append(") return;\n");
            }
            List<String> slots = new ArrayList<>();
            for (int j = 0; j < calc.projections().size(); j++) {
                Expr p = calc.projections().get(j);
                DataType target = out.field(j).type();
                if (p instanceof Expr.InputRef ref && ref.type().id() == target.id()
                        && (target.id() != TypeId.DECIMAL || ref.type().equals(target))) {
                    // passed through: no unboxing and boxing
                    slots.add("in[" + ref.index() + "]");
                    continue;
                }
                String field = passedThroughField(p, target);
                if (field != null) {
                    slots.add(field);
                    continue;
                }
                loadInputs(p);
                Val x = gen(p);
                String v = cast(x.v, x.t, target);
                slots.add(x.n.equals("true") ? "null" : "(" + x.n + " ? null : (Object) " + box(target, v) + ")");
            }
            code.append("Object[] row_ = new Object[").append(slots.size()).append("];\n");
            for (int j = 0; j < slots.size(); j++) {
                code.append("row_[").append(j).append("] = ").append(slots.get(j)).append(";\n");
            }
            code.append("out.collect(row_);\n");
            return "package org.wadi.worker.gen;\n"
                    + "import org.wadi.spi.connector.Collector;\n"
                    + "import org.wadi.worker.internal.expr.CalcFunction;\n"
                    + "import org.wadi.worker.internal.expr.LikeMatcher;\n"
                    + "import org.wadi.worker.internal.expr.Sql;\n"
                    + "public final class Calc implements CalcFunction {\n"
                    + fields
                    + "public Calc(Object[] c) {\n" + ctor + "}\n"
                    + "public void process(Object[] in, Collector out) {\n" + code + "}\n"
                    + "}\n";
        }

        // ---- inputs and constants ---------------------------------------------------------------

        /** Unboxes, at the method's top level, the columns {@code e} reads that are not loaded yet. */
        private void loadInputs(Expr e) {
            Map<Integer, DataType> refs = new LinkedHashMap<>();
            collectRefs(e, refs);
            for (Map.Entry<Integer, DataType> r : refs.entrySet()) {
                int i = r.getKey();
                if (inputs.containsKey(i)) {
                    continue;
                }
                DataType t = r.getValue();
                String o = "o" + i;
                String n = "in" + i + "n";
                String v = "in" + i;
                code.append("Object ").append(o).append(" = in[").append(i).append("];\n");
                code.append("boolean ").append(n).append(" = ").append(o).append(" == null;\n");
                String box = boxType(t);
                String jt = javaType(t);
                if (box != null) {
                    code.append(jt).append(' ').append(v).append(" = ").append(n).append(" ? ").append(zero(t))
                            .append(" : ((").append(box).append(") ").append(o).append(").").append(jt).append("Value();\n");
                } else {
                    code.append(jt).append(' ').append(v).append(" = (").append(jt).append(") ").append(o).append(";\n");
                }
                inputs.put(i, new Val(n, v, t));
            }
        }

        private static void collectRefs(Expr e, Map<Integer, DataType> refs) {
            if (e instanceof Expr.InputRef r) {
                refs.putIfAbsent(r.index(), r.type());
            } else if (e instanceof Expr.Call c) {
                for (Expr o : c.operands()) {
                    collectRefs(o, refs);
                }
            }
        }

        private String constant(Object value, String javaType) {
            int i = constants.size();
            constants.add(value);
            fields.append("private final ").append(javaType).append(" c").append(i).append(";\n");
            ctor.append("c").append(i).append(" = (").append(javaType).append(") c[").append(i).append("];\n");
            return "c" + i;
        }

        private Val declare(DataType t) {
            int i = ++seq;
            code.append(javaType(t)).append(" v").append(i).append(" = ").append(zero(t)).append(";\n");
            code.append("boolean n").append(i).append(" = true;\n");
            return new Val("n" + i, "v" + i, t);
        }

        /** {@code out = x} converted to {@code out}'s type. */
        private void assign(Val out, Val x) throws PlanException {
            if (x.n.equals("true")) {
                code.append(out.n).append(" = true;\n");
                return;
            }
            code.append(out.n).append(" = ").append(x.n).append(";\n");
            code.append("if (!").append(out.n).append(") ").append(out.v).append(" = ")
                    .append(cast(x.v, x.t, out.t)).append(";\n");
        }

        /** A null-propagating result: null if any operand is, else {@code value}. */
        private Val strict(DataType t, String value, Val... operands) {
            StringBuilder n = new StringBuilder();
            for (Val o : operands) {
                if (n.length() > 0) {
                    n.append(" || ");
                }
                n.append(o.n);
            }
            Val out = declare(t);
            code.append(out.n).append(" = ").append(n.length() == 0 ? "false" : n).append(";\n");
            code.append("if (!").append(out.n).append(") ").append(out.v).append(" = ").append(value).append(";\n");
            return out;
        }

        private PlanException unsupported(String what) {
            return new PlanException(what + " is not supported in " + operatorId, "internal");
        }

        // ---- expressions ------------------------------------------------------------------------

        private Val gen(Expr e) throws PlanException {
            if (e instanceof Expr.InputRef r) {
                Val v = inputs.get(r.index());
                if (v == null) {
                    throw new IllegalStateException("column " + r.index() + " was not loaded");
                }
                return v;
            }
            if (e instanceof Expr.Literal l) {
                return literal(l);
            }
            return call((Expr.Call) e);
        }

        private Val literal(Expr.Literal l) throws PlanException {
            DataType t = l.type();
            String s = l.value();
            if (s == null) {
                return new Val("true", zero(t), t);
            }
            try {
                String v = switch (t.id()) {
                    case BOOLEAN -> switch (s) {
                        case "true" -> "true";
                        case "false" -> "false";
                        default -> throw new IllegalArgumentException("not a boolean");
                    };
                    case INT8 -> "((byte) " + Byte.parseByte(s) + ")";
                    case INT16 -> "((short) " + Short.parseShort(s) + ")";
                    case UINT8 -> "((short) " + range(Long.parseLong(s), 0, 255) + ")";
                    case INT32, DATE -> "(" + Integer.parseInt(s) + ")";
                    case UINT16 -> "(" + range(Long.parseLong(s), 0, 65535) + ")";
                    case INT64, TIMESTAMP, TIME, INTERVAL -> longLiteral(Long.parseLong(s));
                    case UINT32 -> longLiteral(range(Long.parseLong(s), 0, 4294967295L));
                    case UINT64 -> longLiteral(Long.parseUnsignedLong(s));
                    case FLOAT32 -> floatLiteral(Float.parseFloat(s));
                    case FLOAT64 -> doubleLiteral(Double.parseDouble(s));
                    case DECIMAL -> constant(new BigDecimal(s), "java.math.BigDecimal");
                    case UTF8, JSON -> constant(s, "String");
                    case BINARY -> constant(Sql.unhex(s), "byte[]");
                    default -> throw unsupported("a literal of type " + t);
                };
                return new Val("false", v, t);
            } catch (IllegalArgumentException e) {
                throw new PlanException("invalid " + t + " literal '" + s + "' in " + operatorId, "internal");
            }
        }

        private static long range(long v, long min, long max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException("out of range");
            }
            return v;
        }

        private static String longLiteral(long v) {
            return v == Long.MIN_VALUE ? "Long.MIN_VALUE" : "(" + v + "L)";
        }

        private static String floatLiteral(float f) {
            return Float.isFinite(f) ? "(" + f + "f)" : "Float.intBitsToFloat(" + Float.floatToRawIntBits(f) + ")";
        }

        private static String doubleLiteral(double d) {
            return Double.isFinite(d) ? "(" + d + "d)" : "Double.longBitsToDouble(" + Double.doubleToRawLongBits(d) + "L)";
        }

        private Val call(Expr.Call c) throws PlanException {
            String op = c.op();
            if (org.wadi.spi.function.FunctionRef.isEncoded(op)) {
                return userFunction(c);
            }
            List<Expr> args = c.operands();
            DataType r = c.type();
            String upper = op.toUpperCase(Locale.ROOT);
            switch (upper) {
                case "+", "-", "*", "/", "%", "MOD":
                    arity(c, 2);
                    return arithmetic(upper.equals("MOD") ? "%" : upper, gen(args.get(0)), gen(args.get(1)), r);
                case "NEG", "-/1": {
                    arity(c, 1);
                    Val a = gen(args.get(0));
                    return strict(r, neg(a, r), a);
                }
                case "=", "<>", "!=", "<", "<=", ">", ">=": {
                    arity(c, 2);
                    Val a = gen(args.get(0));
                    Val b = gen(args.get(1));
                    return strict(DataType.BOOLEAN, compare(upper.equals("!=") ? "<>" : upper, a, b), a, b);
                }
                case "IS DISTINCT FROM", "IS NOT DISTINCT FROM": {
                    arity(c, 2);
                    Val a = gen(args.get(0));
                    Val b = gen(args.get(1));
                    String eq = compare("=", a, b);
                    String v = upper.equals("IS DISTINCT FROM")
                            ? "(" + a.n + " != " + b.n + ") || (!" + a.n + " && !(" + eq + "))"
                            : "(" + a.n + " && " + b.n + ") || (!" + a.n + " && !" + b.n + " && (" + eq + "))";
                    return new Val("false", "(" + v + ")", DataType.BOOLEAN);
                }
                case "IS NULL", "IS NOT NULL", "IS TRUE", "IS FALSE", "IS NOT TRUE", "IS NOT FALSE": {
                    arity(c, 1);
                    Val a = gen(args.get(0));
                    String v = switch (upper) {
                        case "IS NULL" -> a.n;
                        case "IS NOT NULL" -> "!" + a.n;
                        case "IS TRUE" -> "(!" + a.n + " && " + a.v + ")";
                        case "IS FALSE" -> "(!" + a.n + " && !" + a.v + ")";
                        case "IS NOT TRUE" -> "(" + a.n + " || !" + a.v + ")";
                        default -> "(" + a.n + " || " + a.v + ")";
                    };
                    return new Val("false", "(" + v + ")", DataType.BOOLEAN);
                }
                case "AND", "OR":
                    return logic(upper.equals("AND"), args);
                case "NOT": {
                    arity(c, 1);
                    Val a = gen(args.get(0));
                    return strict(DataType.BOOLEAN, "!" + a.v, a);
                }
                case "CASE":
                    return caseWhen(args, r);
                case "CAST", "TRY_CAST":
                    arity(c, 1);
                    return cast(gen(args.get(0)), r, upper.equals("TRY_CAST"));
                case "LIKE", "NOT LIKE":
                    return like(args, upper.equals("NOT LIKE"));
                case "||":
                    return concatStrict(args);
                default:
                    return function(op.toLowerCase(Locale.ROOT), c);
            }
        }

        private void arity(Expr.Call c, int n) throws PlanException {
            if (c.operands().size() != n) {
                throw new PlanException("operator '" + c.op() + "' takes " + n + " operand(s), got "
                        + c.operands().size() + " in " + operatorId, "internal");
            }
        }

        private Val function(String name, Expr.Call c) throws PlanException {
            List<Expr> args = c.operands();
            DataType r = c.type();
            switch (name) {
                case "item": {
                    // a struct's field by its position (window.start, bid.auction)
                    Val a = gen(args.get(0));
                    if (a.t.id() != TypeId.STRUCT || !(args.get(1) instanceof Expr.Literal index)
                            || index.value() == null) {
                        throw unsupported("operator or function 'item' on " + a.t
                                + (a.t.id() == TypeId.STRUCT ? " with a computed field" : ""));
                    }
                    int field = Integer.parseInt(index.value());
                    if (field < 0 || field >= a.t.fields().size()) {
                        throw unsupported("field " + field + " of " + a.t);
                    }
                    String o = "item" + (++seq);
                    code.append("Object ").append(o).append(" = ").append(a.n).append(" ? null : ").append(a.v)
                            .append('[').append(field).append("];\n");
                    Val out = declare(r);
                    code.append(out.n).append(" = ").append(o).append(" == null;\n");
                    String box = boxType(r);
                    String jt = javaType(r);
                    code.append("if (!").append(out.n).append(") ").append(out.v).append(" = ");
                    if (box != null) {
                        code.append("((").append(box).append(") ").append(o).append(").").append(jt).append("Value();\n");
                    } else {
                        code.append('(').append(jt).append(") ").append(o).append(";\n");
                    }
                    return out;
                }
                case "struct": {
                    // a struct value: its fields' values in field order
                    if (r.id() != TypeId.STRUCT || r.fields().size() != args.size()) {
                        throw unsupported("struct of " + args.size() + " values as " + r);
                    }
                    int i = ++seq;
                    StringBuilder fields = new StringBuilder();
                    for (int j = 0; j < args.size(); j++) {
                        Val x = gen(args.get(j));
                        DataType ft = r.fields().get(j).type();
                        fields.append(j == 0 ? "" : ", ").append(x.n.equals("true") ? "null"
                                : "(" + x.n + " ? null : (Object) " + box(ft, cast(x.v, x.t, ft)) + ")");
                    }
                    code.append("Object[] st").append(i).append(" = new Object[] {").append(fields).append("};\n");
                    return new Val("false", "st" + i, r);
                }
                case "multi_hash": {
                    // Arroyo's hash of the arguments' Arrow row encoding, which depends on their types
                    List<DataType> types = new ArrayList<>();
                    StringBuilder values = new StringBuilder();
                    for (Expr e : args) {
                        Val x = gen(e);
                        types.add(x.t);
                        values.append(values.length() == 0 ? "" : ", ").append(x.n.equals("true") ? "null"
                                : "(" + x.n + " ? null : (Object) " + box(x.t, x.v) + ")");
                    }
                    String hash = constant(new MultiHash(types, operatorId), "org.wadi.worker.internal.expr.MultiHash");
                    Val out = declare(r);
                    code.append(out.n).append(" = false;\n").append(out.v).append(" = ").append(hash)
                            .append(".hash(new Object[] {").append(values).append("});\n");
                    return out;
                }
                case "array_ndims", "list_ndims": {
                    // the array's type says how deep it is
                    arity(c, 1);
                    Val a = gen(args.get(0));
                    int depth = 0;
                    for (DataType t = a.t; t.id() == TypeId.LIST; t = t.element()) {
                        depth++;
                    }
                    if (depth == 0) {
                        throw unsupported(name + "(" + a.t + ")");
                    }
                    return strict(r, cast(depth + "L", DataType.INT64, r), a);
                }
                case "abs": {
                    arity(c, 1);
                    Val a = gen(args.get(0));
                    return switch (fam(a.t)) {
                        case LONG -> strict(r, cast("Math.abs(" + toLong(a) + ")", DataType.INT64, r), a);
                        case DOUBLE -> strict(r, cast("Math.abs(" + toDouble(a) + ")", DataType.FLOAT64, r), a);
                        case DECIMAL -> strict(r, cast(a.v + ".abs()", DECIMAL_ANY, r), a);
                        case U64 -> strict(r, cast(a.v, a.t, r), a);
                        default -> throw unsupported("abs(" + a.t + ")");
                    };
                }
                case "lower", "upper": {
                    arity(c, 1);
                    Val a = gen(args.get(0));
                    return strict(r, "Sql." + name + "(" + str(a) + ")", a);
                }
                case "char_length", "character_length", "length": {
                    arity(c, 1);
                    Val a = gen(args.get(0));
                    String len = fam(a.t) == Fam.BINARY ? a.v + ".length" : "Sql.charLength(" + str(a) + ")";
                    return strict(r, cast(len, DataType.INT32, r), a);
                }
                case "round", "floor", "ceil", "ceiling": {
                    if (args.size() != 1 && !(name.equals("round") && args.size() == 2)) {
                        throw unsupported(name + " with " + args.size() + " operands");
                    }
                    Val a = gen(args.get(0));
                    Val d = args.size() == 2 ? gen(args.get(1)) : new Val("false", "0L", DataType.INT64);
                    if (d.t != null && fam(d.t) != Fam.LONG) {
                        throw unsupported(name + " with digits of type " + d.t);
                    }
                    String digits = "(long) " + d.v;
                    String v = switch (fam(a.t)) {
                        case LONG, U64 -> name.equals("round")
                                ? cast("Sql.round(" + toLong(a) + ", " + digits + ")", DataType.INT64, r)
                                : cast(a.v, a.t, r);
                        case DOUBLE -> cast(switch (name) {
                            case "round" -> "Sql.round(" + toDouble(a) + ", " + digits + ")";
                            case "floor" -> "Math.floor(" + toDouble(a) + ")";
                            default -> "Math.ceil(" + toDouble(a) + ")";
                        }, DataType.FLOAT64, r);
                        case DECIMAL -> cast(switch (name) {
                            case "round" -> "Sql.round(" + a.v + ", " + digits + ")";
                            case "floor" -> a.v + ".setScale(0, java.math.RoundingMode.FLOOR)";
                            default -> a.v + ".setScale(0, java.math.RoundingMode.CEILING)";
                        }, DECIMAL_ANY, r);
                        default -> throw unsupported(name + "(" + a.t + ")");
                    };
                    return strict(r, v, a, d);
                }
                case "sqrt", "exp", "ln", "log10": {
                    arity(c, 1);
                    Val a = gen(args.get(0));
                    String fn = name.equals("ln") ? "log" : name;
                    return strict(r, cast("Math." + fn + "(" + toDouble(a) + ")", DataType.FLOAT64, r), a);
                }
                case "mod":
                    arity(c, 2);
                    return arithmetic("%", gen(args.get(0)), gen(args.get(1)), r);
                case "substring", "substr": {
                    if (args.size() != 2 && args.size() != 3) {
                        throw unsupported(name + " with " + args.size() + " operands");
                    }
                    Val s = gen(args.get(0));
                    Val from = gen(args.get(1));
                    if (args.size() == 2) {
                        return strict(r, "Sql.substring(" + str(s) + ", " + toLong(from) + ")", s, from);
                    }
                    Val len = gen(args.get(2));
                    return strict(r, "Sql.substring(" + str(s) + ", " + toLong(from) + ", " + toLong(len) + ")", s, from, len);
                }
                case "replace": {
                    arity(c, 3);
                    Val s = gen(args.get(0));
                    Val a = gen(args.get(1));
                    Val b = gen(args.get(2));
                    return strict(r, str(s) + ".replace(" + str(a) + ", " + str(b) + ")", s, a, b);
                }
                case "coalesce":
                    return coalesce(args, r);
                case "nullif": {
                    arity(c, 2);
                    Val a = gen(args.get(0));
                    Val b = gen(args.get(1));
                    Val out = declare(r);
                    code.append(out.n).append(" = ").append(a.n).append(" || (!").append(b.n).append(" && (")
                            .append(compare("=", a, b)).append("));\n");
                    code.append("if (!").append(out.n).append(") ").append(out.v).append(" = ")
                            .append(cast(a.v, a.t, r)).append(";\n");
                    return out;
                }
                case "concat": {
                    int i = ++seq;
                    code.append("StringBuilder sb").append(i).append(" = new StringBuilder();\n");
                    for (Expr e : args) {
                        Val a = gen(e);
                        if (!a.n.equals("true")) {
                            code.append("if (!").append(a.n).append(") sb").append(i).append(".append(")
                                    .append(str(a)).append(");\n");
                        }
                    }
                    return new Val("false", "sb" + i + ".toString()", DataType.UTF8);
                }
                case "nvl", "ifnull":
                    arity(c, 2);
                    return coalesce(args, r);
                case "nvl2": {
                    // nvl2(x, a, b): a when x is not NULL, else b; only the chosen branch is evaluated
                    arity(c, 3);
                    Val x = gen(args.get(0));
                    Val out = declare(r);
                    code.append("if (!").append(x.n).append(") {\n");
                    assign(out, gen(args.get(1)));
                    code.append("} else {\n");
                    assign(out, gen(args.get(2)));
                    code.append("}\n");
                    return out;
                }
                case "greatest", "least":
                    return extreme(name.equals("greatest"), args, r);
                case "to_timestamp", "to_timestamp_nanos", "to_timestamp_micros", "to_timestamp_millis",
                        "to_timestamp_seconds", "to_unixtime", "to_date": {
                    // of a TIMESTAMP or DATE: a conversion, not a reading of seconds since the epoch
                    DataType t0 = args.isEmpty() ? null : args.get(0).type();
                    if (args.size() != 1 || t0.id() != TypeId.TIMESTAMP && t0.id() != TypeId.DATE) {
                        return library(name, c);
                    }
                    Val a = gen(args.get(0));
                    String nanos = t0.id() == TypeId.DATE ? "((long) " + a.v + " * Sql.NANOS_PER_DAY)" : a.v;
                    long unit = switch (name) {
                        case "to_timestamp_micros" -> 1_000L;
                        case "to_timestamp_millis" -> 1_000_000L;
                        case "to_timestamp_seconds", "to_unixtime" -> 1_000_000_000L;
                        case "to_date" -> Sql.NANOS_PER_DAY;
                        default -> 1L;
                    };
                    String v = switch (name) {
                        case "to_unixtime" -> "Math.floorDiv(" + nanos + ", " + unit + "L)";
                        case "to_date" -> "((int) Math.floorDiv(" + nanos + ", Sql.NANOS_PER_DAY))";
                        default -> unit == 1 ? nanos : "(Math.floorDiv(" + nanos + ", " + unit + "L) * " + unit + "L)";
                    };
                    DataType from = name.equals("to_date") ? DataType.DATE
                            : name.equals("to_unixtime") ? DataType.INT64 : DataType.TIMESTAMP;
                    return strict(r, cast(v, from, r), a);
                }
                default:
                    return library(name, c);
            }
        }

        /**
         * A user-defined scalar function: its operands converted to its argument types, boxed into
         * an array and passed to the function object, a constant of the generated class. A strict
         * function is not called when an operand is NULL.
         */
        private Val userFunction(Expr.Call c) throws PlanException {
            org.wadi.spi.function.FunctionRef ref;
            try {
                ref = org.wadi.spi.function.FunctionRef.decode(c.op());
            } catch (IllegalArgumentException e) {
                throw new PlanException(e.getMessage() + " in " + operatorId, "internal");
            }
            if (ref.kind() != org.wadi.spi.function.FunctionRef.Kind.SCALAR) {
                throw unsupported(ref.kind().name().toLowerCase(Locale.ROOT) + " function '" + ref.name()
                        + "' in an expression");
            }
            org.wadi.spi.function.ScalarFunction f = functions.scalar(ref);
            org.wadi.spi.function.FunctionSignature sig = f.signature();
            if (sig.arguments().size() != c.operands().size()) {
                throw new PlanException("function '" + ref.name() + "' of " + ref.origin() + " takes "
                        + sig.arguments().size() + " argument(s), the plan passes " + c.operands().size(), "user");
            }
            List<Val> vals = new ArrayList<>();
            for (int i = 0; i < c.operands().size(); i++) {
                Val x = gen(c.operands().get(i));
                DataType want = sig.arguments().get(i);
                vals.add(x.t.equals(want) ? x : cast(x, want, false));
            }
            String fn = constant(f, "org.wadi.spi.function.ScalarFunction");
            StringBuilder nulls = new StringBuilder();
            StringBuilder array = new StringBuilder("new Object[] {");
            for (int i = 0; i < vals.size(); i++) {
                Val v = vals.get(i);
                if (sig.strict()) {
                    nulls.append(nulls.length() == 0 ? "" : " || ").append(v.n);
                }
                array.append(i == 0 ? "" : ", ").append(v.n.equals("true") ? "null"
                        : "(" + v.n + " ? null : (Object) " + box(v.t, v.v) + ")");
            }
            array.append('}');
            DataType rt = sig.returnType();
            Val res = declare(rt);
            String r = "r" + (++seq);
            code.append("Object ").append(r).append(" = null;\n");
            code.append("if (!(").append(nulls.length() == 0 ? "false" : nulls).append(")) ").append(r)
                    .append(" = org.wadi.worker.internal.expr.UserFunctionCalls.call(").append(fn).append(", ")
                    .append(array).append(");\n");
            code.append(res.n).append(" = ").append(r).append(" == null;\n");
            String box = boxType(rt);
            String jt = javaType(rt);
            code.append("if (!").append(res.n).append(") ").append(res.v).append(" = ")
                    .append(box != null ? "((" + box + ") " + r + ")." + jt + "Value()" : "(" + jt + ") " + r)
                    .append(";\n");
            return rt.equals(c.type()) ? res : cast(res, c.type(), false);
        }

        /** greatest / least: NULLs are skipped; NULL only when every operand is. */
        private Val extreme(boolean greatest, List<Expr> args, DataType r) throws PlanException {
            if (args.isEmpty()) {
                throw unsupported((greatest ? "greatest" : "least") + " without operands");
            }
            Val out = declare(r);
            Val cur = declare(r);
            for (Expr e : args) {
                Val x = gen(e);
                if (x.n.equals("true")) {
                    continue;
                }
                code.append("if (!").append(x.n).append(") {\n");
                code.append(cur.v).append(" = ").append(cast(x.v, x.t, r)).append(";\n");
                Val a = new Val("false", cur.v, r);
                Val b = new Val("false", out.v, r);
                code.append("if (").append(out.n).append(" || ").append(compare(greatest ? ">" : "<", a, b))
                        .append(") { ").append(out.v).append(" = ").append(cur.v).append("; ").append(out.n)
                        .append(" = false; }\n");
                code.append("}\n");
            }
            return out;
        }

        // ---- the function library ---------------------------------------------------------------

        /** A call of a {@link FunctionLibrary} method, the overload chosen by the operands' types. */
        private Val library(String name, Expr.Call c) throws PlanException {
            List<java.lang.reflect.Method> overloads = FunctionLibrary.overloads(name);
            if (overloads.isEmpty()) {
                throw unsupported("operator or function '" + name + "'");
            }
            List<Val> vals = new ArrayList<>();
            for (Expr e : c.operands()) {
                vals.add(gen(e));
            }
            java.lang.reflect.Method best = null;
            int bestScore = Integer.MAX_VALUE;
            for (java.lang.reflect.Method m : overloads) {
                int s = score(m, vals);
                if (s >= 0 && s < bestScore) {
                    best = m;
                    bestScore = s;
                }
            }
            if (best == null) {
                List<String> types = new ArrayList<>();
                for (Val v : vals) {
                    types.add(String.valueOf(v.t));
                }
                throw unsupported("function '" + name + "' with operands (" + String.join(", ", types) + ")");
            }
            boolean nullSafe = best.isAnnotationPresent(NullSafe.class);
            if (!nullSafe) {
                for (Val v : vals) {
                    if (v.n.equals("true")) {
                        // a NULL literal operand of a strict function: NULL, without a call to compile
                        return new Val("true", zero(c.type()), c.type());
                    }
                }
            }
            Class<?>[] params = best.getParameterTypes();
            boolean variadic = params.length > 0 && params[params.length - 1].isArray()
                    && params[params.length - 1] != byte[].class;
            StringBuilder call = new StringBuilder(best.getDeclaringClass().getName()).append('.')
                    .append(best.getName()).append('(');
            StringBuilder nulls = new StringBuilder();
            int fixed = variadic ? params.length - 1 : params.length;
            for (int i = 0; i < fixed; i++) {
                call.append(i == 0 ? "" : ", ").append(argument(vals.get(i), params[i], nullSafe));
            }
            if (variadic) {
                Class<?> element = params[params.length - 1].getComponentType();
                call.append(fixed == 0 ? "" : ", ").append("new ").append(element.getName()).append("[] {");
                for (int i = fixed; i < vals.size(); i++) {
                    call.append(i == fixed ? "" : ", ").append(argument(vals.get(i), element, nullSafe));
                }
                call.append('}');
            }
            call.append(')');
            if (!nullSafe) {
                for (Val v : vals) {
                    nulls.append(nulls.length() == 0 ? "" : " || ").append(v.n);
                }
            }
            Val out = declare(c.type());
            code.append(out.n).append(" = ").append(nulls.length() == 0 ? "false" : nulls).append(";\n");
            Class<?> rt = best.getReturnType();
            if (rt.isPrimitive()) {
                code.append("if (!").append(out.n).append(") ").append(out.v).append(" = ")
                        .append(castReturned(call.toString(), returned(rt), c.type())).append(";\n");
                return out;
            }
            String t = "r" + (++seq);
            String rtName = rt.getCanonicalName();
            code.append(rtName).append(' ').append(t).append(" = null;\n");
            code.append("if (!").append(out.n).append(") { ").append(t).append(" = ").append(call).append("; ")
                    .append(out.n).append(" = ").append(t).append(" == null; }\n");
            if (rt == Object.class) {
                // an element of an array operand: already a value of the call's type, boxed
                String box = boxType(c.type());
                String jt = javaType(c.type());
                code.append("if (!").append(out.n).append(") ").append(out.v).append(" = ")
                        .append(box != null ? "((" + box + ") " + t + ")." + jt + "Value()" : "(" + jt + ") " + t)
                        .append(";\n");
                return out;
            }
            String unboxed = switch (rt.getSimpleName()) {
                case "Long" -> t + ".longValue()";
                case "Integer" -> t + ".intValue()";
                case "Double" -> t + ".doubleValue()";
                case "Boolean" -> t + ".booleanValue()";
                default -> t;
            };
            code.append("if (!").append(out.n).append(") ").append(out.v).append(" = ")
                    .append(castReturned(unboxed, returned(rt), c.type())).append(";\n");
            return out;
        }

        /** Temporal results come back as their long (nanoseconds) or int (days) representation. */
        private String castReturned(String v, DataType from, DataType to) throws PlanException {
            TypeId t = to.id();
            if ((t == TypeId.TIME || t == TypeId.TIMESTAMP || t == TypeId.INTERVAL) && from.id() == TypeId.INT64
                    || t == TypeId.DATE && from.id() == TypeId.INT32) {
                return v;
            }
            if (t == TypeId.LIST && from.id() == TypeId.LIST) {
                // a list the function built from its operands' elements, which have the call's element type
                return v;
            }
            return cast(v, from, to);
        }

        /** The Wadi type a Java return type stands for. */
        private DataType returned(Class<?> rt) throws PlanException {
            if (rt == long.class || rt == Long.class) {
                return DataType.INT64;
            }
            if (rt == int.class || rt == Integer.class) {
                return DataType.INT32;
            }
            if (rt == double.class || rt == Double.class) {
                return DataType.FLOAT64;
            }
            if (rt == boolean.class || rt == Boolean.class) {
                return DataType.BOOLEAN;
            }
            if (rt == String.class) {
                return DataType.UTF8;
            }
            if (rt == byte[].class) {
                return DataType.BINARY;
            }
            if (rt == BigDecimal.class) {
                return DECIMAL_ANY;
            }
            if (rt == List.class) {
                return DataType.list(DataType.UTF8);
            }
            throw unsupported("a library function returning " + rt.getName());
        }

        /** How well an overload fits the operands: lower is better, -1 does not fit. */
        private int score(java.lang.reflect.Method m, List<Val> vals) {
            Class<?>[] params = m.getParameterTypes();
            boolean variadic = params.length > 0 && params[params.length - 1].isArray()
                    && params[params.length - 1] != byte[].class;
            int fixed = variadic ? params.length - 1 : params.length;
            if (variadic ? vals.size() < fixed : vals.size() != fixed) {
                return -1;
            }
            int total = 0;
            for (int i = 0; i < vals.size(); i++) {
                Class<?> p = i < fixed ? params[i] : params[params.length - 1].getComponentType();
                int s = fit(vals.get(i), p);
                if (s < 0) {
                    return -1;
                }
                total += s;
            }
            return total;
        }

        private static int fit(Val a, Class<?> p) {
            Fam f = fam(a.t);
            if (p == Object.class) {
                return 4;
            }
            if (p == String.class) {
                return f == Fam.STRING ? 0 : f == Fam.OTHER ? -1 : 3;
            }
            if (p == long.class || p == Long.class || p == int.class || p == Integer.class) {
                int extra = p == int.class || p == Integer.class ? 1 : 0;
                return switch (f) {
                    case LONG, U64 -> extra;
                    case BOOL -> 5;
                    case DOUBLE, DECIMAL -> 6;
                    default -> -1;
                };
            }
            if (p == double.class || p == Double.class) {
                return switch (f) {
                    case DOUBLE -> 0;
                    case LONG, U64, DECIMAL -> 2;
                    default -> -1;
                };
            }
            if (p == boolean.class || p == Boolean.class) {
                return f == Fam.BOOL ? 0 : -1;
            }
            if (p == byte[].class) {
                return f == Fam.BINARY ? 0 : f == Fam.STRING ? 1 : -1;
            }
            if (p == BigDecimal.class) {
                return f == Fam.DECIMAL ? 0 : f == Fam.LONG ? 3 : -1;
            }
            if (p == List.class) {
                return a.t.id() == TypeId.LIST ? 0 : -1;
            }
            return -1;
        }

        /** The Java expression passing {@code a} as a {@code p}; NULL as Java null for null-safe functions. */
        private String argument(Val a, Class<?> p, boolean nullSafe) throws PlanException {
            String v;
            Fam f = fam(a.t);
            if (p == String.class) {
                v = str(a);
            } else if (p == long.class || p == Long.class) {
                v = a.t.id() == TypeId.DATE ? "((long) " + a.v + " * Sql.NANOS_PER_DAY)" : toLong(a);
            } else if (p == int.class || p == Integer.class) {
                v = "((int) " + toLong(a) + ")";
            } else if (p == double.class || p == Double.class) {
                v = toDouble(a);
            } else if (p == boolean.class || p == Boolean.class) {
                v = a.v;
            } else if (p == byte[].class) {
                v = f == Fam.BINARY ? a.v : "Sql.utf8(" + str(a) + ")";
            } else if (p == BigDecimal.class) {
                v = toDecimal(a);
            } else if (p == Object.class) {
                v = box(a.t, a.v);
            } else if (p == List.class && a.t.id() == TypeId.LIST) {
                v = a.v;
            } else {
                throw unsupported("a library parameter of type " + p.getName());
            }
            if (!nullSafe || a.n.equals("false")) {
                return v;
            }
            if (p.isPrimitive()) {
                throw new IllegalStateException("null-safe library functions take reference types, not " + p);
            }
            String boxed = p == Long.class ? "Long.valueOf(" + v + ")" : p == Integer.class
                    ? "Integer.valueOf(" + v + ")" : p == Double.class ? "Double.valueOf(" + v + ")"
                    : p == Boolean.class ? "Boolean.valueOf(" + v + ")" : v;
            return "(" + a.n + " ? null : " + (p == Object.class ? "(Object) " : "") + boxed + ")";
        }

        // ---- arithmetic -------------------------------------------------------------------------

        private Val arithmetic(String op, Val a, Val b, DataType r) throws PlanException {
            if (!numeric(fam(a.t)) || !numeric(fam(b.t))) {
                throw unsupported("'" + op + "' on " + a.t + " and " + b.t);
            }
            String v = switch (fam(r)) {
                case LONG -> {
                    String x = inUnitOf(a, r);
                    String y = inUnitOf(b, r);
                    String e = switch (op) {
                        case "/" -> "Sql.div(" + x + ", " + y + ")";
                        case "%" -> "Sql.mod(" + x + ", " + y + ")";
                        default -> "(" + x + " " + op + " " + y + ")";
                    };
                    yield narrow(e, r);
                }
                case U64 -> switch (op) {
                    case "/" -> "Sql.divU64(" + toLong(a) + ", " + toLong(b) + ")";
                    case "%" -> "Sql.modU64(" + toLong(a) + ", " + toLong(b) + ")";
                    default -> "(" + toLong(a) + " " + op + " " + toLong(b) + ")";
                };
                case DOUBLE -> narrow("(" + toDouble(a) + " " + op + " " + toDouble(b) + ")", r);
                case DECIMAL -> {
                    String x = toDecimal(a);
                    String y = toDecimal(b);
                    yield switch (op) {
                        case "+" -> x + ".add(" + y + ")";
                        case "-" -> x + ".subtract(" + y + ")";
                        case "*" -> x + ".multiply(" + y + ")";
                        case "/" -> "Sql.decDiv(" + x + ", " + y + ", " + r.scale() + ")";
                        default -> "Sql.decMod(" + x + ", " + y + ")";
                    };
                }
                default -> throw unsupported("'" + op + "' with result type " + r);
            };
            return strict(r, v, a, b);
        }

        private String neg(Val a, DataType r) throws PlanException {
            return switch (fam(r)) {
                case LONG, U64 -> narrow("(-" + toLong(a) + ")", r);
                case DOUBLE -> narrow("(-" + toDouble(a) + ")", r);
                case DECIMAL -> toDecimal(a) + ".negate()";
                default -> throw unsupported("negation of " + a.t);
            };
        }

        /** A long expression for {@code a} in the unit of {@code r}: days for DATE, nanoseconds otherwise. */
        private String inUnitOf(Val a, DataType r) throws PlanException {
            TypeId from = a.t.id();
            if (r.id() == TypeId.DATE && from == TypeId.INTERVAL) {
                return "(" + a.v + " / Sql.NANOS_PER_DAY)";
            }
            if (r.id() != TypeId.DATE && from == TypeId.DATE
                    && (r.id() == TypeId.TIMESTAMP || r.id() == TypeId.INTERVAL)) {
                return "((long) " + a.v + " * Sql.NANOS_PER_DAY)";
            }
            return toLong(a);
        }

        private static String narrow(String longOrDouble, DataType r) {
            String jt = javaType(r);
            return jt.equals("long") || jt.equals("double") ? longOrDouble : "((" + jt + ") " + longOrDouble + ")";
        }

        private String toLong(Val a) throws PlanException {
            return switch (fam(a.t)) {
                case LONG, U64 -> "((long) " + a.v + ")";
                case DOUBLE -> "((long) " + a.v + ")";
                case DECIMAL -> a.v + ".longValue()";
                case BOOL -> "(" + a.v + " ? 1L : 0L)";
                default -> throw unsupported("using " + a.t + " as a number");
            };
        }

        private String toDouble(Val a) throws PlanException {
            return switch (fam(a.t)) {
                case LONG, DOUBLE -> "((double) " + a.v + ")";
                case U64 -> "Sql.u64ToDouble(" + a.v + ")";
                case DECIMAL -> a.v + ".doubleValue()";
                default -> throw unsupported("using " + a.t + " as a number");
            };
        }

        private String toDecimal(Val a) throws PlanException {
            return switch (fam(a.t)) {
                case LONG -> "java.math.BigDecimal.valueOf((long) " + a.v + ")";
                case U64 -> "Sql.u64ToDecimal(" + a.v + ")";
                case DOUBLE -> "Sql.decimalOf((double) " + a.v + ")";
                case DECIMAL -> a.v;
                default -> throw unsupported("using " + a.t + " as a number");
            };
        }

        private String str(Val a) throws PlanException {
            return cast(a.v, a.t, DataType.UTF8);
        }

        // ---- comparison -------------------------------------------------------------------------

        /** A boolean Java expression comparing two non-null values. */
        private String compare(String op, Val a, Val b) throws PlanException {
            String jop = switch (op) {
                case "=" -> "==";
                case "<>" -> "!=";
                default -> op;
            };
            Fam fa = fam(a.t);
            Fam fb = fam(b.t);
            if (fa == Fam.STRING && fb == Fam.STRING) {
                return switch (op) {
                    case "=" -> a.v + ".equals(" + b.v + ")";
                    case "<>" -> "!" + a.v + ".equals(" + b.v + ")";
                    default -> "(" + a.v + ".compareTo(" + b.v + ") " + jop + " 0)";
                };
            }
            if (fa == Fam.BINARY && fb == Fam.BINARY) {
                return "(Sql.compare(" + a.v + ", " + b.v + ") " + jop + " 0)";
            }
            if (fa == Fam.BOOL && fb == Fam.BOOL) {
                return op.equals("=") || op.equals("<>")
                        ? "(" + a.v + " " + jop + " " + b.v + ")"
                        : "(Boolean.compare(" + a.v + ", " + b.v + ") " + jop + " 0)";
            }
            if (numeric(fa) && numeric(fb)) {
                if (fa == Fam.DOUBLE || fb == Fam.DOUBLE) {
                    return "(" + toDouble(a) + " " + jop + " " + toDouble(b) + ")";
                }
                if (fa == Fam.DECIMAL || fb == Fam.DECIMAL) {
                    return "(" + toDecimal(a) + ".compareTo(" + toDecimal(b) + ") " + jop + " 0)";
                }
                if (fa == Fam.U64 && fb == Fam.U64) {
                    if (op.equals("=") || op.equals("<>")) {
                        return "(" + a.v + " " + jop + " " + b.v + ")";
                    }
                    return "(Long.compareUnsigned(" + a.v + ", " + b.v + ") " + jop + " 0)";
                }
                if (fa == Fam.U64) {
                    return "(-Sql.compareSignedU64(" + toLong(b) + ", " + a.v + ") " + jop + " 0)";
                }
                if (fb == Fam.U64) {
                    return "(Sql.compareSignedU64(" + toLong(a) + ", " + b.v + ") " + jop + " 0)";
                }
                TypeId ta = a.t.id();
                TypeId tb = b.t.id();
                if (ta == TypeId.DATE && tb == TypeId.TIMESTAMP) {
                    return "(((long) " + a.v + " * Sql.NANOS_PER_DAY) " + jop + " " + b.v + ")";
                }
                if (ta == TypeId.TIMESTAMP && tb == TypeId.DATE) {
                    return "(" + a.v + " " + jop + " ((long) " + b.v + " * Sql.NANOS_PER_DAY))";
                }
                return "(" + a.v + " " + jop + " " + b.v + ")";
            }
            throw unsupported("comparing " + a.t + " with " + b.t);
        }

        // ---- logic and conditionals -------------------------------------------------------------

        private Val logic(boolean and, List<Expr> args) throws PlanException {
            if (args.size() < 2) {
                throw new PlanException("operator '" + (and ? "AND" : "OR") + "' needs two or more operands in "
                        + operatorId, "internal");
            }
            Val out = declare(DataType.BOOLEAN);
            // start from the neutral element; stop evaluating once the result is decided
            code.append(out.n).append(" = false;\n").append(out.v).append(" = ").append(and).append(";\n");
            for (Expr e : args) {
                code.append("if (").append(out.n).append(" || ").append(and ? "" : "!").append(out.v).append(") {\n");
                Val x = gen(e);
                code.append("if (!").append(x.n).append(" && ").append(and ? "!" : "").append(x.v).append(") { ")
                        .append(out.n).append(" = false; ").append(out.v).append(" = ").append(!and).append("; }")
                        .append(" else if (").append(x.n).append(") { ").append(out.n).append(" = true; }\n");
                code.append("}\n");
            }
            return out;
        }

        private Val caseWhen(List<Expr> args, DataType r) throws PlanException {
            if (args.size() < 2) {
                throw new PlanException("CASE needs a WHEN and a THEN in " + operatorId, "internal");
            }
            Val out = declare(r);
            caseBranch(args, 0, out);
            return out;
        }

        private void caseBranch(List<Expr> args, int i, Val out) throws PlanException {
            if (i + 1 < args.size()) {
                Val w = gen(args.get(i));
                code.append("if (!").append(w.n).append(" && ").append(w.v).append(") {\n");
                assign(out, gen(args.get(i + 1)));
                code.append("} else {\n");
                caseBranch(args, i + 2, out);
                code.append("}\n");
            } else if (i < args.size()) {
                assign(out, gen(args.get(i)));
            } else {
                code.append(out.n).append(" = true;\n");
            }
        }

        private Val coalesce(List<Expr> args, DataType r) throws PlanException {
            if (args.isEmpty()) {
                throw new PlanException("coalesce needs an operand in " + operatorId, "internal");
            }
            Val out = declare(r);
            int open = 0;
            for (int i = 0; i < args.size(); i++) {
                Val x = gen(args.get(i));
                assign(out, x);
                if (i < args.size() - 1) {
                    code.append("if (").append(out.n).append(") {\n");
                    open++;
                }
            }
            code.append("}\n".repeat(open));
            return out;
        }

        private Val like(List<Expr> args, boolean negated) throws PlanException {
            if (args.size() != 2 && args.size() != 3) {
                throw new PlanException("LIKE takes 2 or 3 operands, got " + args.size() + " in " + operatorId,
                        "internal");
            }
            Val s = gen(args.get(0));
            String not = negated ? "!" : "";
            Expr p = args.get(1);
            Expr esc = args.size() == 3 ? args.get(2) : null;
            if (p instanceof Expr.Literal lp && (esc == null || esc instanceof Expr.Literal)) {
                String escape = esc == null ? null : ((Expr.Literal) esc).value();
                if (lp.value() == null || (esc != null && escape == null)) {
                    return new Val("true", "false", DataType.BOOLEAN);
                }
                LikeMatcher m;
                try {
                    m = LikeMatcher.compile(lp.value(), escape);
                } catch (IllegalArgumentException e) {
                    throw new PlanException(e.getMessage() + " in " + operatorId, "user");
                }
                String field = constant(m, "LikeMatcher");
                return strict(DataType.BOOLEAN, not + field + ".matches(" + str(s) + ")", s);
            }
            Val pv = gen(p);
            if (esc == null) {
                return strict(DataType.BOOLEAN, not + "Sql.like(" + str(s) + ", " + str(pv) + ", null)", s, pv);
            }
            Val ev = gen(esc);
            return strict(DataType.BOOLEAN, not + "Sql.like(" + str(s) + ", " + str(pv) + ", " + str(ev) + ")", s, pv, ev);
        }

        private Val concatStrict(List<Expr> args) throws PlanException {
            if (args.size() < 2) {
                throw new PlanException("'||' needs two operands in " + operatorId, "internal");
            }
            Val[] vals = new Val[args.size()];
            StringBuilder v = new StringBuilder("(");
            for (int i = 0; i < vals.length; i++) {
                vals[i] = gen(args.get(i));
                v.append(i == 0 ? "" : " + ").append(str(vals[i]));
            }
            return strict(DataType.UTF8, v.append(')').toString(), vals);
        }

        // ---- casts ------------------------------------------------------------------------------

        private Val cast(Val a, DataType to, boolean orNull) throws PlanException {
            String v = cast(a.v, a.t, to);
            if (!orNull) {
                return strict(to, v, a);
            }
            Val out = declare(to);
            code.append(out.n).append(" = ").append(a.n).append(";\n");
            code.append("if (!").append(out.n).append(") { try { ").append(out.v).append(" = ").append(v)
                    .append("; } catch (RuntimeException e").append(seq).append(") { ").append(out.n)
                    .append(" = true; } }\n");
            return out;
        }

        /** A Java expression converting the non-null value {@code v} of type {@code from} to {@code to}. */
        private String cast(String v, DataType from, DataType to) throws PlanException {
            TypeId f = from.id();
            TypeId t = to.id();
            Fam ff = fam(from);
            Val a = new Val("false", v, from);
            if (f == TypeId.LIST && t == TypeId.LIST && !from.element().equals(to.element())) {
                // element by element: the planner coerces arrays to their common element type
                return "Sql.castList(" + v + ", " + constant(from.element(), "org.wadi.spi.types.DataType") + ", "
                        + constant(to.element(), "org.wadi.spi.types.DataType") + ")";
            }
            if (f == t && t != TypeId.DECIMAL) {
                return v;
            }
            String jt = javaType(to);
            switch (t) {
                case BOOLEAN:
                    switch (ff) {
                        case STRING: return "Sql.parseBoolean(" + v + ")";
                        case LONG: case U64: case DOUBLE: return "(" + v + " != 0)";
                        case DECIMAL: return "(" + v + ".signum() != 0)";
                        default: break;
                    }
                    break;
                case INT8: case INT16: case INT32: case INT64: case UINT8: case UINT16: case UINT32:
                case TIMESTAMP: case DATE: case TIME: case INTERVAL:
                    if (ff == Fam.STRING) {
                        return switch (t) {
                            case TIMESTAMP -> "Sql.parseTimestamp(" + v + ")";
                            case DATE -> "Sql.parseDate(" + v + ")";
                            case TIME -> "Sql.parseTime(" + v + ")";
                            case INTERVAL -> throw unsupported("CAST from " + from + " to " + to);
                            default -> "((" + jt + ") Sql.parseLong(" + v + ", \"" + to + "\"))";
                        };
                    }
                    if (t == TypeId.TIMESTAMP && f == TypeId.DATE) {
                        return "((long) " + v + " * Sql.NANOS_PER_DAY)";
                    }
                    if (t == TypeId.DATE && f == TypeId.TIMESTAMP) {
                        return "((int) Math.floorDiv(" + v + ", Sql.NANOS_PER_DAY))";
                    }
                    if (t == TypeId.TIME && f == TypeId.TIMESTAMP) {
                        return "Math.floorMod(" + v + ", Sql.NANOS_PER_DAY)";
                    }
                    if (t == TypeId.TIME || f == TypeId.TIME || t == TypeId.DATE && f == TypeId.INTERVAL) {
                        break;
                    }
                    if (ff == Fam.BOOL || numeric(ff)) {
                        return "((" + jt + ") " + toLong(a) + ")";
                    }
                    break;
                case UINT64:
                    switch (ff) {
                        case STRING: return "Sql.parseU64(" + v + ")";
                        case LONG: case BOOL: return toLong(a);
                        case DOUBLE: return "Sql.doubleToU64(" + v + ")";
                        case DECIMAL: return "Sql.decimalToU64(" + v + ")";
                        default: break;
                    }
                    break;
                case FLOAT32: case FLOAT64:
                    if (ff == Fam.STRING) {
                        return "((" + jt + ") Sql.parseDouble(" + v + ", \"" + to + "\"))";
                    }
                    if (ff == Fam.BOOL) {
                        return "((" + jt + ") (" + v + " ? 1 : 0))";
                    }
                    if (numeric(ff)) {
                        return "((" + jt + ") " + toDouble(a) + ")";
                    }
                    break;
                case DECIMAL: {
                    String d = switch (ff) {
                        case STRING -> "Sql.parseDecimal(" + v + ", \"" + to + "\")";
                        case BOOL -> "(" + v + " ? java.math.BigDecimal.ONE : java.math.BigDecimal.ZERO)";
                        case LONG, U64, DOUBLE, DECIMAL -> toDecimal(a);
                        default -> null;
                    };
                    if (d == null) {
                        break;
                    }
                    return to.precision() > 0 ? "Sql.rescale(" + d + ", " + to.scale() + ")" : d;
                }
                case UTF8: case JSON:
                    switch (f) {
                        case UTF8: case JSON: return v;
                        case BOOLEAN: return "(" + v + " ? \"true\" : \"false\")";
                        case UINT64: return "Long.toUnsignedString(" + v + ")";
                        case DECIMAL: return v + ".toPlainString()";
                        case TIMESTAMP: return "Sql.timestampToString(" + v + ")";
                        case DATE: return "Sql.dateToString(" + v + ")";
                        case TIME: return "Sql.timeToString(" + v + ")";
                        case BINARY: return "Sql.utf8(" + v + ")";
                        case INT8: case INT16: case INT32: case INT64: case UINT8: case UINT16: case UINT32:
                        case FLOAT32: case FLOAT64: case INTERVAL:
                            return "String.valueOf(" + v + ")";
                        default: break;
                    }
                    break;
                case BINARY:
                    if (ff == Fam.STRING) {
                        return "Sql.utf8(" + v + ")";
                    }
                    break;
                default:
                    break;
            }
            throw unsupported("CAST from " + from + " to " + to);
        }
    }

    /** The operators and functions {@link #compile} accepts, for documentation and errors. */
    public static Set<String> supported() {
        Set<String> all = new TreeSet<>(FunctionLibrary.names());
        all.addAll(List.of("+", "-", "*", "/", "%", "NEG", "=", "<>", "<", "<=", ">", ">=", "IS NULL",
                "IS NOT NULL", "IS TRUE", "IS FALSE", "IS NOT TRUE", "IS NOT FALSE", "IS DISTINCT FROM",
                "IS NOT DISTINCT FROM", "AND", "OR", "NOT", "CASE", "CAST", "TRY_CAST", "LIKE", "NOT LIKE", "||", "ITEM",
                "abs", "lower", "upper", "char_length", "character_length", "length", "round", "floor", "ceil",
                "ceiling", "sqrt", "exp", "ln", "log10", "mod", "substring", "substr", "replace", "coalesce", "nullif",
                "concat", "nvl", "ifnull", "nvl2", "greatest", "least", "struct", "array_ndims", "list_ndims",
                "multi_hash"));
        return all;
    }
}
