package org.wadi.storage.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.wadi.storage.internal.S3Settings;
import org.wadi.storage.internal.StorageComponent;
import org.wadi.storage.internal.StorageSettings;

/**
 * An S3-compatible server inside the test JVM (s3proxy over jclouds' filesystem backend in a
 * folder, on a free port of 127.0.0.1, signed requests required), and the real storage service
 * pointed at it: shared with the modules that test against S3 (the storage bundle's test jar).
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "wadi-test";

    private final String secretKey = UUID.randomUUID().toString();
    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final Path dir;
    private final ConditionalPutFront front;
    public final String endpoint;
    public final StorageComponent storage;

    private S3TestServer(Path dir, long partSize, boolean conditionalWrites) throws Exception {
        this.dir = dir;
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        context = ContextBuilder.newBuilder(new FilesystemApiMetadata()).overrides(p).build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, secretKey)
                .build();
        proxy.start();
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
        }
        String direct = "http://127.0.0.1:" + proxy.getPort();
        front = conditionalWrites ? new ConditionalPutFront(direct, dir) : null;
        endpoint = front == null ? direct : front.endpoint();
        S3Settings s3 = S3Settings.compatible(endpoint, ACCESS_KEY, secretKey).withMultipart(partSize, partSize);
        storage = new StorageComponent(new StorageSettings("file://" + dir.resolve("default"), s3));
    }

    /** Starts a server keeping its buckets in {@code dir}. */
    public static S3TestServer start(Path dir) throws Exception {
        return new S3TestServer(dir, 5L * 1024 * 1024, false);
    }

    /**
     * Starts a server that also enforces {@code If-None-Match: *} on {@code PutObject}, as AWS S3
     * does (s3proxy alone ignores it; see {@link ConditionalPutFront}).
     */
    public static S3TestServer startWithConditionalWrites(Path dir) throws Exception {
        return new S3TestServer(dir, 5L * 1024 * 1024, true);
    }

    /** Conditional puts refused with 412 (a key taken), with {@link #startWithConditionalWrites}. */
    public int conditionalPutsRefused() {
        return front == null ? 0 : front.refused();
    }

    /** Creates a bucket (a folder of the filesystem backend). */
    public void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** Where the backend keeps a bucket's objects. */
    public Path bucketDir(String bucket) {
        return dir.resolve(bucket);
    }

    @Override
    public void close() throws Exception {
        storage.close();
        if (front != null) {
            front.close();
        }
        proxy.stop();
        context.close();
    }
}
