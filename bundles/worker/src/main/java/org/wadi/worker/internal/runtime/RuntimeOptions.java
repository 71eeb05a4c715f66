package org.wadi.worker.internal.runtime;

import org.wadi.rpc.ClusterAuth;

/**
 * Tuning of the data exchange, in-process and between workers.
 *
 * @param batchSize rows per batch between tasks: large enough that queue hand-offs are rare, small
 *     enough to stay in the CPU caches
 * @param queueBatches batches a task's input queue holds before its producers block (backpressure);
 *     also the credits of a channel from another worker
 * @param lingerMillis the longest a partly filled batch waits in a busy source before it is sent
 * @param idleMaxMillis the longest pause between polls of an idle source
 * @param connectorWaitMillis how long to wait for a connector service that is not there yet
 * @param dataHost the address the worker's data server listens on for its peers
 *     ({@value #DEFAULT_DATA_HOST} keeps the exchange on this machine; {@code 0.0.0.0} listens on
 *     every interface)
 * @param auth the cluster's credentials, for the controller's gRPC port and the data connections
 *     ({@link ClusterAuth#NONE}: plaintext, unauthenticated)
 */
public record RuntimeOptions(int batchSize, int queueBatches, long lingerMillis, long idleMaxMillis,
        long connectorWaitMillis, String dataHost, ClusterAuth auth) {

    /** Where the data server listens unless configured otherwise. */
    public static final String DEFAULT_DATA_HOST = "127.0.0.1";

    public static final RuntimeOptions DEFAULTS = new RuntimeOptions(512, 16, 20, 50, 0);

    public RuntimeOptions {
        if (batchSize < 1 || queueBatches < 1) {
            throw new IllegalArgumentException("batchSize and queueBatches must be at least 1");
        }
        if (dataHost == null || dataHost.isBlank()) {
            throw new IllegalArgumentException("the data server needs an address to listen on, not '" + dataHost
                    + "' (default " + DEFAULT_DATA_HOST + ")");
        }
        dataHost = dataHost.strip();
        if (auth == null) {
            throw new IllegalArgumentException("the cluster credentials must be given (ClusterAuth.NONE for none)");
        }
    }

    /** Options without cluster credentials. */
    public RuntimeOptions(int batchSize, int queueBatches, long lingerMillis, long idleMaxMillis,
            long connectorWaitMillis, String dataHost) {
        this(batchSize, queueBatches, lingerMillis, idleMaxMillis, connectorWaitMillis, dataHost, ClusterAuth.NONE);
    }

    /** Options with the data server on {@value #DEFAULT_DATA_HOST}. */
    public RuntimeOptions(int batchSize, int queueBatches, long lingerMillis, long idleMaxMillis,
            long connectorWaitMillis) {
        this(batchSize, queueBatches, lingerMillis, idleMaxMillis, connectorWaitMillis, DEFAULT_DATA_HOST);
    }

    public RuntimeOptions withConnectorWaitMillis(long millis) {
        return new RuntimeOptions(batchSize, queueBatches, lingerMillis, idleMaxMillis, millis, dataHost, auth);
    }

    /** These options with the data server listening on {@code host} ({@code null} or blank: the default). */
    public RuntimeOptions withDataHost(String host) {
        return new RuntimeOptions(batchSize, queueBatches, lingerMillis, idleMaxMillis, connectorWaitMillis,
                host == null || host.isBlank() ? DEFAULT_DATA_HOST : host, auth);
    }

    /** These options with the cluster's credentials {@code auth}. */
    public RuntimeOptions withAuth(ClusterAuth auth) {
        return new RuntimeOptions(batchSize, queueBatches, lingerMillis, idleMaxMillis, connectorWaitMillis,
                dataHost, auth);
    }
}
