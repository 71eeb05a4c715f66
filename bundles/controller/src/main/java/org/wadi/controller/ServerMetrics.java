package org.wadi.controller;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's Prometheus metrics: jobs by state, job transitions and restarts, checkpoints, the
 * jobs' errors, REST requests and the JVM. An OSGi service of the controller, which owns the
 * registry; the API counts its requests here and serves {@link #writeText} at {@code /metrics}.
 */
@ProviderType
public interface ServerMetrics {

    /** The media type of {@link #writeText}: Prometheus's text exposition format 0.0.4. */
    String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Counts one REST request and its duration.
     *
     * @param method the HTTP method
     * @param route the route it matched as a template, e.g. {@code /api/v1/pipelines/{id}}, so that
     *     ids do not multiply the series
     * @param status the response's status
     * @param nanos how long it took, or a negative number when unknown (then only counted)
     */
    void apiRequest(String method, String route, int status, long nanos);

    /** Writes every metric of this server, as they are now, in {@link #TEXT_FORMAT}. */
    void writeText(OutputStream out) throws IOException;
}
