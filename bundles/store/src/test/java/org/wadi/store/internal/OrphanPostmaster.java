package org.wadi.store.internal;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link EmbeddedPostgresServerTest}: starts the embedded PostgreSQL on
 * the directory given and dies without stopping it, as a killed server does.
 */
public final class OrphanPostmaster {

    private OrphanPostmaster() {
    }

    public static void main(String[] args) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), 0);
        System.out.println("started on port " + server.port());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
