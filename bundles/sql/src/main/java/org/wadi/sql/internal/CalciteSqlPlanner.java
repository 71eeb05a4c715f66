package org.wadi.sql.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.function.AggregateFunction;
import org.wadi.spi.function.AsyncFunction;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.function.ScalarFunction;
import org.wadi.sql.JavaUdfValidation;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;

/**
 * The SQL planner on Apache Calcite (embedded in this bundle). Connectors are looked up as they are
 * registered now, by their {@value Connector#NAME_PROPERTY} service property; every call plans
 * afresh, so a connector dropped in or removed takes effect on the next call. Function services
 * (scalar, aggregate, async) are found the same way, by their signature's name; the plan names the
 * bundle (symbolic name and version) each call's function came from.
 */
@Component(service = SqlPlanner.class)
public final class CalciteSqlPlanner implements SqlPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(CalciteSqlPlanner.class);

    private final Map<String, Connector> registered = new ConcurrentHashMap<>();
    private final ConnectorLookup connectors;
    private final FileAccess files;
    private final FunctionRegistry functions = new FunctionRegistry();
    /** The saved connection profiles and tables, when the server offers them. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile org.wadi.spi.connector.ConnectionCatalog catalog;

    /** For Declarative Services: connectors arrive through {@link #addConnector}. */
    @Activate
    public CalciteSqlPlanner(@Reference FileAccess files) {
        this.files = files;
        this.connectors = ConnectorLookup.of(registered);
    }

    /** For tests and embedding: connectors found through {@code connectors}. */
    public CalciteSqlPlanner(ConnectorLookup connectors, FileAccess files) {
        this.files = files;
        this.connectors = connectors;
    }

    @Reference(service = Connector.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeConnector")
    void addConnector(Connector connector, Map<String, Object> properties) {
        String name = name(connector, properties);
        Connector previous = registered.put(name, connector);
        if (previous != null && previous != connector) {
            LOG.warn("Two connectors are registered as '{}'; the later one is used", name);
        }
    }

    void removeConnector(Connector connector, Map<String, Object> properties) {
        registered.remove(name(connector, properties), connector);
    }

    @Reference(service = ScalarFunction.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeScalarFunction")
    void addScalarFunction(ScalarFunction function, ServiceReference<ScalarFunction> reference) {
        addFunction(FunctionRef.Kind.SCALAR, function, function.signature(), reference.getBundle());
    }

    void removeScalarFunction(ScalarFunction function) {
        functions.remove(function, function.signature().name());
    }

    @Reference(service = AggregateFunction.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeAggregateFunction")
    void addAggregateFunction(AggregateFunction<?> function, ServiceReference<AggregateFunction<?>> reference) {
        addFunction(FunctionRef.Kind.AGGREGATE, function, function.signature(), reference.getBundle());
    }

    void removeAggregateFunction(AggregateFunction<?> function) {
        functions.remove(function, function.signature().name());
    }

    @Reference(service = AsyncFunction.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeAsyncFunction")
    void addAsyncFunction(AsyncFunction function, ServiceReference<AsyncFunction> reference) {
        addFunction(FunctionRef.Kind.ASYNC, function, function.signature(), reference.getBundle());
    }

    void removeAsyncFunction(AsyncFunction function) {
        functions.remove(function, function.signature().name());
    }

    private void addFunction(FunctionRef.Kind kind, Object service, FunctionSignature signature, Bundle bundle) {
        String bsn = bundle == null ? "unknown" : bundle.getSymbolicName();
        String version = bundle == null ? "0.0.0" : bundle.getVersion().toString();
        addFunction(kind, service, signature, bsn, version);
    }

    /** Registers a function service as coming from bundle {@code bsn} {@code version} (also for tests). */
    public void addFunction(FunctionRef.Kind kind, Object service, FunctionSignature signature, String bsn,
            String version) {
        FunctionRef ref = FunctionRef.service(kind, signature.name(), bsn, version);
        FunctionRegistry.Entry previous = functions.add(new FunctionRegistry.Entry(ref, signature, service));
        if (previous != null && previous.service() != service) {
            LOG.warn("Two functions are registered as '{}' ({} and {}); the later one is used", signature.name(),
                    previous.ref().origin(), ref.origin());
        }
    }

    /** Unregisters a function service (also for tests). */
    public void removeFunction(Object service, String name) {
        functions.remove(service, name);
    }

    private static String name(Connector connector, Map<String, Object> properties) {
        Object name = properties.get(Connector.NAME_PROPERTY);
        return name != null ? name.toString() : connector.metadata().id();
    }

    @Override
    public PlanResult plan(String query, int parallelism) {
        return plan(query, parallelism, List.of());
    }

    @Override
    public PlanResult plan(String query, int parallelism, List<String> javaFunctions) {
        if (query == null || query.isBlank()) {
            return new PlanResult(null, java.util.List.of(new Diagnostic("The query is empty", null)));
        }
        Map<String, JavaSourceFunctions.Result> compiled = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        List<Diagnostic> errors = new java.util.ArrayList<>();
        int n = 0;
        for (String source : javaFunctions == null ? List.<String>of() : javaFunctions) {
            n++;
            JavaSourceFunctions.Result r = JavaSourceFunctions.compile(source);
            if (r.function() == null) {
                errors.add(new Diagnostic("Java function " + n + " of the pipeline does not compile: "
                        + String.join("; ", r.errors()), null));
                continue;
            }
            String name = r.function().signature().name();
            if (compiled.put(name, r) != null) {
                errors.add(new Diagnostic("two Java functions of the pipeline are named '" + name + "'", null));
            }
            sources.put(name, source);
        }
        if (!errors.isEmpty()) {
            return new PlanResult(null, errors);
        }
        try {
            return new Planning(query, parallelism, connectors, files,
                    new UserFunctions(functions, compiled, sources)).withCatalog(catalog).run();
        } catch (StackOverflowError e) {
            return new PlanResult(null, List.of(Nesting.overflow(query, "plan")));
        } catch (RuntimeException | LinkageError e) {
            // plan() never throws: a planner bug becomes a diagnostic, and the log keeps the trace
            LOG.error("The SQL planner failed on a query", e);
            return new PlanResult(null, java.util.List.of(new Diagnostic("The planner failed: " + e, null)));
        }
    }

    /** Sets the saved connection profiles and tables (for tests and embedding; {@code null}: none). */
    public void setCatalog(org.wadi.spi.connector.ConnectionCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public JavaUdfValidation validateJavaFunction(String source) {
        return JavaSourceFunctions.validate(source);
    }
}
