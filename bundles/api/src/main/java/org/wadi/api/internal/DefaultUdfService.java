package org.wadi.api.internal;

import static org.wadi.api.service.ApiException.badRequest;
import static org.wadi.api.service.ApiException.conflict;
import static org.wadi.api.service.ApiException.notFound;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wadi.api.service.GlobalUdf;
import org.wadi.api.service.GlobalUdfCollection;
import org.wadi.api.service.UdfPost;
import org.wadi.api.service.UdfService;
import org.wadi.api.service.UdfValidationResult;
import org.wadi.api.service.ValidateUdfPost;
import org.wadi.spi.function.AggregateFunction;
import org.wadi.spi.function.AsyncFunction;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.function.ScalarFunction;
import org.wadi.sql.JavaUdfValidation;
import org.wadi.sql.SqlPlanner;
import org.wadi.store.Udf;
import org.wadi.store.UdfStore;

/**
 * Saved Java source functions over the store, checked by the planner's compiler; the listing adds
 * the function services installed bundles register, found as they come and go.
 */
@Component(service = UdfService.class)
public class DefaultUdfService implements UdfService {

    /** The language {@code GET /udfs} gives a bundle's function. */
    static final String BUNDLE = "bundle";

    private final SqlPlanner planner;
    private final UdfStore store;
    private final Clock clock;
    private final Map<Object, GlobalUdf> services = new ConcurrentHashMap<>();

    @Activate
    public DefaultUdfService(@Reference SqlPlanner planner, @Reference UdfStore store) {
        this(planner, store, Clock.systemUTC());
    }

    public DefaultUdfService(SqlPlanner planner, UdfStore store, Clock clock) {
        this.planner = planner;
        this.store = store;
        this.clock = clock;
    }

    @Reference(service = ScalarFunction.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeFunction")
    void addScalar(ScalarFunction f, ServiceReference<ScalarFunction> ref) {
        addService(f, f.signature(), "scalar", ref.getBundle());
    }

    @Reference(service = AggregateFunction.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeFunction")
    void addAggregate(AggregateFunction<?> f, ServiceReference<AggregateFunction<?>> ref) {
        addService(f, f.signature(), "aggregate", ref.getBundle());
    }

    @Reference(service = AsyncFunction.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeFunction")
    void addAsync(AsyncFunction f, ServiceReference<AsyncFunction> ref) {
        addService(f, f.signature(), "async", ref.getBundle());
    }

    void removeFunction(Object f) {
        services.remove(f);
    }

    private void addService(Object f, FunctionSignature s, String kind, Bundle b) {
        String bundle = b == null ? "unknown" : b.getSymbolicName() + "/" + b.getVersion();
        addService(f, s, kind, bundle);
    }

    /** Lists a function service of a bundle ({@code symbolic-name/version}); for tests too. */
    void addService(Object f, FunctionSignature s, String kind, String bundle) {
        services.put(f, new GlobalUdf("bundle:" + bundle + ":" + s.name(), "", s.name(), BUNDLE, 0, 0,
                kind + " " + s, null, bundle));
    }

    @Override
    public UdfValidationResult validate(ValidateUdfPost post) {
        if (post == null) {
            throw badRequest("request body is required: {\"definition\": \"…\", \"language\": \"java\"}");
        }
        JavaUdfs.checkLanguage(post.language(), "the function");
        JavaUdfValidation v = planner.validateJavaFunction(post.definition());
        return new UdfValidationResult(v.name(), v.errors());
    }

    @Override
    public GlobalUdf create(UdfPost post) {
        if (post == null) {
            throw badRequest("request body is required: {\"prefix\": \"\", \"language\": \"java\", \"definition\": \"…\"}");
        }
        JavaUdfs.checkLanguage(post.language(), "the function");
        JavaUdfValidation v = planner.validateJavaFunction(post.definition());
        if (!v.ok()) {
            throw badRequest("the function does not compile: " + String.join("; ", v.errors()));
        }
        for (GlobalUdf s : services.values()) {
            if (s.name().equals(v.name())) {
                throw conflict("a function named '" + v.name() + "' is registered by bundle " + s.dylibUrl()
                        + ": give the Java function another name");
            }
        }
        Instant now = clock.instant();
        Udf udf = new Udf(Ids.generate(Ids.UDF), post.prefix(), v.name(), "java", post.definition(),
                post.description(), now, now);
        if (!store.createUdf(udf)) {
            throw conflict("a function named '" + v.name() + "' is saved already: delete it first "
                    + "(DELETE /api/v1/udfs/{id}) or give this one another name");
        }
        return view(udf);
    }

    @Override
    public GlobalUdfCollection list() {
        List<GlobalUdf> out = new ArrayList<>();
        for (Udf u : store.listUdfs()) {
            out.add(view(u));
        }
        Map<String, GlobalUdf> bundles = new TreeMap<>();
        for (GlobalUdf g : services.values()) {
            bundles.put(g.name() + " " + g.dylibUrl(), g);
        }
        out.addAll(bundles.values());
        return new GlobalUdfCollection(out);
    }

    @Override
    public void delete(String id) {
        if (id != null && id.startsWith("bundle:")) {
            throw badRequest("function '" + id + "' belongs to an installed bundle: remove the bundle (from deploy/)"
                    + " to remove it");
        }
        if (id == null || !store.deleteUdf(id)) {
            throw notFound("no function '" + id + "'");
        }
    }

    private static GlobalUdf view(Udf u) {
        return new GlobalUdf(u.id(), u.prefix(), u.name(), u.language(), Micros.of(u.createdAt()),
                Micros.of(u.updatedAt()), u.definition(), u.description(), "");
    }
}
