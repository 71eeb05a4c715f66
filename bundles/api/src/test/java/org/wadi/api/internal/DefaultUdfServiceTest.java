package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.GlobalUdf;
import org.wadi.api.service.UdfPost;
import org.wadi.api.service.UdfValidationResult;
import org.wadi.api.service.ValidateUdfPost;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.sql.JavaUdfValidation;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;
import org.wadi.store.Udf;
import org.wadi.store.UdfStore;

class DefaultUdfServiceTest {

    /** Compiles nothing: a source's function is its first {@code static <type> <name>(}; BROKEN fails. */
    static final class Compiler implements SqlPlanner {
        private static final Pattern METHOD = Pattern.compile("static \\w+ (\\w+)\\(");

        @Override
        public PlanResult plan(String query, int parallelism) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JavaUdfValidation validateJavaFunction(String source) {
            Matcher m = METHOD.matcher(source == null ? "" : source);
            if (source == null || source.contains("BROKEN") || !m.find()) {
                return new JavaUdfValidation(null, null, List.of("line 1, column 8: not a function"));
            }
            return new JavaUdfValidation(m.group(1), m.group(1) + "(…)", List.of());
        }
    }

    /** Saved functions in memory, names unique as in the database. */
    static final class Store implements UdfStore {
        final List<Udf> rows = new ArrayList<>();

        @Override
        public synchronized boolean createUdf(Udf udf) {
            if (rows.stream().anyMatch(u -> u.name().equals(udf.name()))) {
                return false;
            }
            return rows.add(udf);
        }

        @Override
        public synchronized List<Udf> listUdfs() {
            return List.copyOf(rows);
        }

        @Override
        public synchronized Optional<Udf> getUdf(String id) {
            return rows.stream().filter(u -> u.id().equals(id)).findFirst();
        }

        @Override
        public synchronized boolean deleteUdf(String id) {
            return rows.removeIf(u -> u.id().equals(id));
        }
    }

    private static final String DOUBLE_IT = "public class D { public static long double_it(long x) { return 2 * x; } }";

    private final Store store = new Store();
    private final DefaultUdfService service = new DefaultUdfService(new Compiler(), store,
            Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void validatesSavesListsAndDeletesJavaFunctions() {
        assertEquals(new UdfValidationResult("double_it", List.of()),
                service.validate(new ValidateUdfPost(DOUBLE_IT, "java")));
        assertEquals(List.of("line 1, column 8: not a function"),
                service.validate(new ValidateUdfPost("BROKEN", "java")).errors());

        GlobalUdf saved = service.create(new UdfPost(null, "java", DOUBLE_IT, "doubles"));
        assertTrue(saved.id().startsWith("udf_"), saved.id());
        assertEquals("double_it", saved.name());
        assertEquals("java", saved.language());
        assertEquals("", saved.prefix());
        assertEquals(1_795_694_400_000_000L, saved.createdAt());

        service.addService(new Object(), FunctionSignature.of("slugify", DataType.UTF8, DataType.UTF8), "scalar",
                "org.example.text/1.0.0");
        List<GlobalUdf> all = service.list().data();
        assertEquals(List.of("double_it", "slugify"), all.stream().map(GlobalUdf::name).toList());
        assertEquals("bundle", all.get(1).language());
        assertEquals("org.example.text/1.0.0", all.get(1).dylibUrl());
        assertEquals("scalar slugify(TEXT) → TEXT", all.get(1).definition());

        ApiException dup = assertThrows(ApiException.class,
                () -> service.create(new UdfPost(null, "java", DOUBLE_IT, null)));
        assertEquals(409, dup.status());
        ApiException shadow = assertThrows(ApiException.class, () -> service.create(new UdfPost(null, "java",
                "public class S { public static String slugify(String s) { return s; } }", null)));
        assertEquals(409, shadow.status());
        assertTrue(shadow.getMessage().contains("registered by bundle org.example.text/1.0.0"), shadow.getMessage());

        service.delete(saved.id());
        assertEquals(List.of("slugify"), service.list().data().stream().map(GlobalUdf::name).toList());
        assertEquals(404, assertThrows(ApiException.class, () -> service.delete(saved.id())).status());
        assertEquals(400, assertThrows(ApiException.class, () -> service.delete(all.get(1).id())).status());
    }

    @Test
    void refusesOtherLanguagesSayingHowToBringTheFunction() {
        ApiException rust = assertThrows(ApiException.class,
                () -> service.create(new UdfPost(null, null, "fn x() -> i64 { 1 }", null)));
        assertEquals(400, rust.status());
        assertTrue(rust.getMessage().contains("Rust function") && rust.getMessage().contains("deploy/"),
                rust.getMessage());
        ApiException python = assertThrows(ApiException.class,
                () -> service.validate(new ValidateUdfPost("def x(): pass", "python")));
        assertTrue(python.getMessage().contains("Python function"), python.getMessage());
        ApiException broken = assertThrows(ApiException.class,
                () -> service.create(new UdfPost(null, "java", "BROKEN", null)));
        assertEquals("the function does not compile: line 1, column 8: not a function", broken.getMessage());
        assertTrue(store.rows.isEmpty());
    }

    @Test
    void findsTheJavaSourcesAPlanCarries() {
        Schema in = new Schema(List.of(new Field("x", DataType.INT64, false),
                new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false)));
        String op = FunctionRef.java("double_it", DOUBLE_IT).encode();
        Expr call = new Expr.Call(op, List.of(new Expr.InputRef(0, DataType.INT64)), DataType.INT64);
        Expr service = new Expr.Call(FunctionRef.service(FunctionRef.Kind.SCALAR, "slugify", "b", "1").encode(),
                List.of(new Expr.Literal("x", DataType.UTF8)), DataType.UTF8);
        CalcOperator calc = new CalcOperator(in, null, List.of(new Expr.Call("+", List.of(call, call), DataType.INT64),
                service, new Expr.InputRef(1, DataType.TIMESTAMP)), new Schema(List.of(
                new Field("y", DataType.INT64, false), new Field("s", DataType.UTF8, true),
                new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false))));
        DataflowPlan plan = new DataflowPlan(List.of(new PlanNode("calc_1", "project", 1, calc)), List.of());
        assertEquals(List.of(DOUBLE_IT), JavaUdfs.sourcesOf(plan));
    }
}
