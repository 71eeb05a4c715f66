package org.wadi.sql.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.FileAccess;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;

/**
 * The SQL planner on Apache Calcite (embedded in this bundle). Connectors are looked up as they are
 * registered now, by their {@value Connector#NAME_PROPERTY} service property; every call plans
 * afresh, so a connector dropped in or removed takes effect on the next call.
 */
@Component(service = SqlPlanner.class)
public final class CalciteSqlPlanner implements SqlPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(CalciteSqlPlanner.class);

    private final Map<String, Connector> registered = new ConcurrentHashMap<>();
    private final ConnectorLookup connectors;
    private final FileAccess files;

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

    private static String name(Connector connector, Map<String, Object> properties) {
        Object name = properties.get(Connector.NAME_PROPERTY);
        return name != null ? name.toString() : connector.metadata().id();
    }

    @Override
    public PlanResult plan(String query, int parallelism) {
        if (query == null || query.isBlank()) {
            return new PlanResult(null, java.util.List.of(new Diagnostic("The query is empty", null)));
        }
        try {
            return new Planning(query, parallelism, connectors, files).run();
        } catch (RuntimeException | LinkageError e) {
            // plan() never throws: a planner bug becomes a diagnostic, and the log keeps the trace
            LOG.error("The SQL planner failed on a query", e);
            return new PlanResult(null, java.util.List.of(new Diagnostic("The planner failed: " + e, null)));
        }
    }
}
