package org.wadi.worker.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wadi.spi.connector.Connector;
import org.wadi.worker.internal.runtime.ConnectorLookup;

/** The connectors installed, by name: the one way the worker finds them. They come and go with their bundles. */
@Component(service = ConnectorLookup.class)
public final class ConnectorRegistry implements ConnectorLookup {

    private final Map<String, List<Connector>> byName = new HashMap<>();

    public ConnectorRegistry() {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeConnector")
    public synchronized void addConnector(Connector connector, Map<String, Object> properties) {
        byName.computeIfAbsent(name(connector, properties), k -> new ArrayList<>()).add(connector);
        notifyAll();
    }

    public synchronized void removeConnector(Connector connector, Map<String, Object> properties) {
        List<Connector> list = byName.get(name(connector, properties));
        if (list != null) {
            list.remove(connector);
            if (list.isEmpty()) {
                byName.remove(name(connector, properties));
            }
        }
    }

    /** Adds a connector under its metadata id (tests). */
    public void add(Connector connector) {
        addConnector(connector, Map.of(Connector.NAME_PROPERTY, connector.metadata().id()));
    }

    @Override
    public synchronized Connector find(String name, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            List<Connector> list = byName.get(name);
            if (list != null && !list.isEmpty()) {
                return list.get(0);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
    }

    private static String name(Connector connector, Map<String, Object> properties) {
        Object n = properties.get(Connector.NAME_PROPERTY);
        return n != null ? n.toString() : connector.metadata().id();
    }
}
