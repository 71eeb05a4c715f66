package org.wadi.storage.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.ObjectStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 backend against s3proxy running in this JVM: the contract, multipart uploads, folder markers. */
class S3ObjectStoreTest extends ObjectStoreContract {

    static final String BUCKET = "wadi-checkpoints";
    private static final AtomicInteger TESTS = new AtomicInteger();

    @TempDir
    static Path dir;
    static S3ProxyServer server;
    static S3Client raw;
    static StorageComponent provider;
    /** s3proxy ignores If-None-Match on PUT: the contract runs through a front that enforces it, as S3 does. */
    static org.wadi.storage.testing.ConditionalPutFront front;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(dir);
        server.createBucket(BUCKET);
        raw = server.client();
        front = new org.wadi.storage.testing.ConditionalPutFront(server.endpoint, dir);
        provider = new StorageComponent(new StorageSettings(dir.resolve("default").toUri().toString(),
                S3Settings.compatible(front.endpoint(), S3ProxyServer.ACCESS_KEY, server.secretKey)));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (provider != null) {
            provider.close();
        }
        if (front != null) {
            front.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Each test gets its own key prefix in the one bucket. */
    @Override
    protected ObjectStore newStore() throws IOException {
        return provider.open("s3://" + BUCKET + "/tests/" + TESTS.incrementAndGet());
    }

    private String rootOf(ObjectStore s) {
        return s.url().substring(("s3://" + BUCKET + "/").length()) + "/";
    }

    @Test
    void aStoreThatIgnoresConditionalWritesIsNotTrustedWithThem() throws Exception {
        // s3proxy by itself overwrites despite If-None-Match: *; the probe must notice and refuse
        try (StorageComponent direct = new StorageComponent(new StorageSettings(dir.resolve("default").toUri()
                .toString(), server.settings())); ObjectStore s = direct.open("s3://" + BUCKET + "/ignoring")) {
            IOException e = assertThrows(org.wadi.storage.ConditionalWritesUnsupportedException.class,
                    () -> s.putIfAbsent("log/1", new byte[] {1}));
            assertTrue(e.getMessage().contains("does not enforce conditional writes"), e.getMessage());
            assertEquals(List.of(), s.list(""), "neither the object nor the probe is left");
            // the plain operations still work
            s.put("log/1", new byte[] {1});
            assertEquals(List.of("log/1"), s.list(""));
        }
    }

    @Test
    void multipartUploadOfFortyMebibytes() throws IOException {
        int size = 40 << 20;
        store.put("state/big", TestData.stream(size, 11), size);
        String etag = raw.headObject(r -> r.bucket(BUCKET).key(rootOf(store) + "state/big")).eTag();
        // an S3 multipart ETag ends with the number of parts: 40 MiB in 8 MiB parts
        assertTrue(etag.replace("\"", "").endsWith("-5"), etag);
        try (InputStream in = store.getStream("state/big")) {
            assertEquals(TestData.sha256(size, 11), TestData.sha256(in));
        }

        store.put("state/unknown", TestData.stream(size, 12), -1);
        String unknown = raw.headObject(r -> r.bucket(BUCKET).key(rootOf(store) + "state/unknown")).eTag();
        assertTrue(unknown.replace("\"", "").endsWith("-5"), unknown);
        assertEquals(TestData.sha256(size, 12), TestData.sha256(store.getStream("state/unknown")));

        byte[] small = TestData.bytes(1 << 20, 13);
        store.put("state/small", small);
        String single = raw.headObject(r -> r.bucket(BUCKET).key(rootOf(store) + "state/small")).eTag();
        assertTrue(!single.contains("-"), "one PutObject below the threshold: " + single);
    }

    @Test
    void aFailedMultipartUploadIsAborted() throws IOException {
        int size = 40 << 20;
        assertThrows(IOException.class, () -> store.put("state/big", TestData.failingAfter(size, 14, 30 << 20), size));
        assertEquals(List.of(), raw.listMultipartUploads(r -> r.bucket(BUCKET).prefix(rootOf(store))).uploads());
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void folderMarkersAreNotObjects() throws IOException {
        String root = rootOf(store);
        raw.putObject(r -> r.bucket(BUCKET).key(root + "job_1/"), RequestBody.empty());
        raw.putObject(r -> r.bucket(BUCKET).key(root + "job_1/checkpoints/"), RequestBody.empty());
        store.put("job_1/checkpoints/0000000001/_completed", new byte[0]);
        assertEquals(List.of("job_1/checkpoints/0000000001/_completed"), store.list(""));
        assertEquals(List.of(1L), CheckpointLayout.completedEpochs(store, "job_1"));

        assertEquals(1, store.deletePrefix("job_1/"));
        assertEquals(List.of(), raw.listObjectsV2(r -> r.bucket(BUCKET).prefix(root)).contents(), "markers deleted too");
    }

    @Test
    void theStoreStaysUnderItsPrefix() throws IOException {
        try (ObjectStore other = provider.open("s3://" + BUCKET + "/elsewhere/")) {
            other.put("k", "other".getBytes(UTF_8));
            store.put("k", "mine".getBytes(UTF_8));
            assertEquals("other", new String(other.get("k"), UTF_8));
            assertEquals(List.of("k"), store.list(""));
            assertEquals("elsewhere/k", raw.listObjectsV2(r -> r.bucket(BUCKET).prefix("elsewhere/")).contents().get(0).key());
            other.delete("k");
        }
        try (ObjectStore whole = provider.open("s3://" + BUCKET)) {
            assertTrue(whole.list("").contains(rootOf(store) + "k"));
        }
    }

    @Test
    void openingChecksTheBucket() {
        IOException missing = assertThrows(IOException.class, () -> provider.open("s3://no-such-bucket/x"));
        assertTrue(missing.getMessage().contains("'no-such-bucket'") && missing.getMessage().contains("does not exist"),
                missing.getMessage());

        S3Settings wrongSecret = S3Settings.compatible(server.endpoint, S3ProxyServer.ACCESS_KEY, "wrong");
        try (StorageComponent p = new StorageComponent(new StorageSettings("file:///tmp/x", wrongSecret))) {
            IOException denied = assertThrows(IOException.class, () -> p.open("s3://" + BUCKET));
            assertTrue(denied.getMessage().contains("403"), denied.getMessage());
        }
    }

    @Test
    void unreachableEndpointIsNamed() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        try (StorageComponent p = new StorageComponent(new StorageSettings("file:///tmp/x",
                S3Settings.compatible(endpoint, "a", "b")))) {
            IOException e = assertThrows(IOException.class, () -> p.open("s3://" + BUCKET));
            assertTrue(e.getMessage().contains("cannot reach the S3 endpoint " + endpoint), e.getMessage());
        }
    }

    @Test
    void defaultCredentialsChainFindsSystemProperties() throws IOException {
        S3Settings chain = new S3Settings(server.endpoint, "us-east-1", true, "", "", true, 16 << 20, 8 << 20);
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", server.secretKey);
        try (StorageComponent p = new StorageComponent(new StorageSettings("file:///tmp/x", chain));
             ObjectStore s = p.open("s3://" + BUCKET + "/chain")) {
            s.put("k", "via the default chain".getBytes(UTF_8));
            assertEquals("via the default chain", new String(s.get("k"), UTF_8));
            s.delete("k");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
