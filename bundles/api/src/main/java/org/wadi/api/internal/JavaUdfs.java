package org.wadi.api.internal;

import static org.wadi.api.service.ApiException.badRequest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.wadi.api.service.Udf;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.plan.AsyncFunctionOperator;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.PlanNode;

/** The languages of user-defined functions the API takes, and the Java sources a plan carries. */
final class JavaUdfs {

    /** How to bring a function written for Arroyo (Rust, Python) to Wadi. */
    static final String HOW_TO = "Wadi runs functions written in Java: send the function with \"language\": "
            + "\"java\" (one public class with one public static method, named as SQL calls it), save it for "
            + "every pipeline with POST /api/v1/udfs, or install a function bundle (an OSGi bundle registering "
            + "org.wadi.spi.function.ScalarFunction, AggregateFunction or AsyncFunction services) by dropping it "
            + "into deploy/";

    private JavaUdfs() {
    }

    /**
     * The Java sources of a request's {@code udfs}.
     *
     * @throws org.wadi.api.service.ApiException 400 for a function in another language
     */
    static List<String> sources(List<Udf> udfs) {
        List<String> out = new ArrayList<>();
        if (udfs == null) {
            return out;
        }
        int n = 0;
        for (Udf u : udfs) {
            n++;
            if (u == null || u.definition() == null || u.definition().isBlank()) {
                continue;
            }
            checkLanguage(u.language(), "udfs[" + (n - 1) + "]");
            out.add(u.definition());
        }
        return out;
    }

    /** Refuses every language but Java; Arroyo's default, also when absent, is Rust. */
    static void checkLanguage(String language, String where) {
        String l = language == null ? "rust" : language.trim().toLowerCase(Locale.ROOT);
        if (l.equals(FunctionRef.JAVA)) {
            return;
        }
        if (l.equals("rust") || l.equals("python")) {
            throw badRequest(where + " is a " + (l.equals("rust") ? "Rust" : "Python") + " function"
                    + (language == null ? " (Arroyo's default language: no \"language\" was given)" : "")
                    + ", which Wadi cannot run. " + HOW_TO);
        }
        throw badRequest(where + " has language '" + language + "'; Wadi takes \"java\". " + HOW_TO);
    }

    /** The Java sources of the Java source functions a plan calls, each once. */
    static List<String> sourcesOf(DataflowPlan plan) {
        Set<String> out = new LinkedHashSet<>();
        for (PlanNode n : plan.nodes()) {
            if (n.operator() instanceof CalcOperator calc) {
                if (calc.filter() != null) {
                    collect(calc.filter(), out);
                }
                calc.projections().forEach(e -> collect(e, out));
            } else if (n.operator() instanceof AsyncFunctionOperator async && async.function().isSource()) {
                out.add(async.function().source());
            }
        }
        return new ArrayList<>(out);
    }

    private static void collect(Expr e, Set<String> out) {
        if (e instanceof Expr.Call c) {
            if (FunctionRef.isEncoded(c.op())) {
                FunctionRef ref = FunctionRef.decode(c.op());
                if (ref.isSource()) {
                    out.add(ref.source());
                }
            }
            c.operands().forEach(o -> collect(o, out));
        }
    }
}
