package org.wadi.worker.internal.runtime;

import org.wadi.spi.connector.Connector;

/** Finds connectors by name ({@code wadi.connector}); backed by the OSGi service registry in the bundle. */
public interface ConnectorLookup {

    /**
     * The connector named {@code name}, waiting up to {@code waitMillis} for it to appear (plug-in
     * bundles may still be starting in a fresh worker process), or {@code null}.
     */
    Connector find(String name, long waitMillis) throws InterruptedException;
}
