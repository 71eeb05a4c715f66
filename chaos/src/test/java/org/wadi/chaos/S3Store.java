package org.wadi.chaos;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;

/**
 * The checkpoint storage: an S3-compatible server (s3proxy over jclouds' filesystem backend in a
 * folder) inside the test JVM, on a fixed port of 127.0.0.1 so that it can be stopped — the storage
 * is then unreachable, connections are refused — and started again with the same objects.
 */
final class S3Store implements AutoCloseable {

    static final String ACCESS_KEY = "wadi-chaos";

    final String secretKey = UUID.randomUUID().toString();
    private final BlobStoreContext context;
    private final int port;
    private S3Proxy proxy;

    S3Store(Path dir) throws Exception {
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        // by its metadata, not by name: a lookup by name instantiates every provider s3proxy lists
        context = ContextBuilder.newBuilder(new FilesystemApiMetadata()).overrides(p).build(BlobStoreContext.class);
        port = WadiServer.freePorts(1)[0];
        start();
    }

    /** Serves the store (again) on its port. */
    synchronized void start() throws Exception {
        if (proxy != null) {
            return;
        }
        S3Proxy s = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, secretKey)
                .build();
        s.start();
        if (!"STARTED".equals(s.getState())) { // Jetty's AbstractLifeCycle state (s3proxy shades Jetty)
            throw new IllegalStateException("s3proxy did not start on port " + port + ": " + s.getState());
        }
        proxy = s;
    }

    /** Stops serving: from now on every request to the storage fails to connect. */
    synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    @Override
    public void close() throws Exception {
        stop();
        context.close();
    }
}
