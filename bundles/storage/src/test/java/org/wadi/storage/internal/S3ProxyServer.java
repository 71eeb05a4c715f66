package org.wadi.storage.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server inside the test JVM: s3proxy over jclouds' filesystem backend in a
 * folder, on a free port of 127.0.0.1, with signed requests (AWS v2 or v4) required.
 */
final class S3ProxyServer implements AutoCloseable {

    static final String ACCESS_KEY = "wadi-test";

    final String secretKey = UUID.randomUUID().toString();
    private final BlobStoreContext context;
    private final S3Proxy proxy;
    final String endpoint;

    private S3ProxyServer(Path dir) throws Exception {
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        // by its metadata, not by name: a lookup by name instantiates every provider s3proxy lists,
        // including the Azure ones whose libraries this build leaves out
        context = ContextBuilder.newBuilder(new FilesystemApiMetadata()).overrides(p).build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, secretKey)
                .build();
        proxy.start();
        // Jetty's AbstractLifeCycle.STARTED (s3proxy shades Jetty)
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
        }
        endpoint = "http://127.0.0.1:" + proxy.getPort();
    }

    /** Starts a server keeping its buckets in {@code dir}. */
    static S3ProxyServer start(Path dir) throws Exception {
        return new S3ProxyServer(dir);
    }

    /** Settings of a client for this server. */
    S3Settings settings() {
        return S3Settings.compatible(endpoint, ACCESS_KEY, secretKey);
    }

    /** A plain client for setting up and inspecting the server; the caller closes it. */
    S3Client client() {
        return S3Clients.create(settings());
    }

    /** Creates a bucket. */
    void createBucket(String bucket) {
        try (S3Client c = client()) {
            c.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
