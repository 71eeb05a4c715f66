package org.wadi.examples.functions.geo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.wadi.spi.function.AsyncFunction;
import org.wadi.spi.function.AsyncOptions;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.types.DataType;

/**
 * {@code resolve_host(TEXT) → TEXT}: the IP address of a host name, looked up with the system's
 * resolver (hosts file, DNS), NULL for a name that does not resolve. The lookup blocks, so it runs
 * on this bundle's own threads and the task thread never waits: the shape of any async function
 * that calls a local service.
 */
@Component(service = AsyncFunction.class)
public final class ResolveHost implements AsyncFunction {

    private static final FunctionSignature SIGNATURE = FunctionSignature.of("resolve_host", DataType.UTF8,
            DataType.UTF8).nonDeterministic();

    private final ExecutorService lookups;

    @Activate
    public ResolveHost() {
        lookups = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "resolve_host");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void close() {
        lookups.shutdownNow();
    }

    @Override
    public FunctionSignature signature() {
        return SIGNATURE;
    }

    @Override
    public AsyncOptions options() {
        // lookups of different names may finish in any order: rows need not wait for each other
        return new AsyncOptions(false, Duration.ofSeconds(10), 64);
    }

    @Override
    public CompletableFuture<Object> invoke(Object[] arguments) {
        String host = (String) arguments[0];
        return CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host).getHostAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }, lookups);
    }
}
