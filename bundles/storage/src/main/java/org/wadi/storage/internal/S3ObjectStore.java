package org.wadi.storage.internal;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.storage.ConditionalWritesUnsupportedException;
import org.wadi.storage.MultipartUploads;
import org.wadi.storage.NoSuchObjectException;
import org.wadi.storage.ObjectKeys;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.ObjectWriter;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} in an S3 bucket, under an optional key prefix. Objects up to the
 * multipart threshold go up in one {@code PutObject}; larger ones (and streams of unknown length
 * that turn out larger) as a multipart upload of {@code partSize} parts, completed only when every
 * byte arrived and aborted on any failure: either way S3 shows the object whole or not at all.
 */
public final class S3ObjectStore implements ObjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final int MAX_PARTS = 10_000;
    private static final int DELETE_BATCH = 1000;
    /** Tries of a conditional put that meets 409 (another conditional write of the key in flight). */
    private static final int CONFLICT_ATTEMPTS = 10;
    /** The most a streamed put holds before it goes in parts, whatever the threshold. */
    private static final int MAX_BUFFER = Integer.MAX_VALUE - 16;

    private final String url;
    private final S3Client client;
    private final boolean ownsClient;
    private final String bucket;
    private final String root;
    private final long multipartThreshold;
    private final int partSize;
    private volatile boolean batchDelete = true;
    /** Whether the store was seen to enforce {@code If-None-Match: *}. */
    private volatile boolean conditionalPuts;

    /**
     * @param url the storage URL, for messages
     * @param client the client; closed with this store only if {@code ownsClient}
     * @param bucket the bucket
     * @param root the key prefix inside the bucket, empty or ending in {@code /}
     * @param multipartThreshold bytes above which uploads go in parts
     * @param partSize bytes of each part
     */
    public S3ObjectStore(String url, S3Client client, boolean ownsClient, String bucket, String root,
                         long multipartThreshold, long partSize) {
        if (!root.isEmpty() && !root.endsWith("/")) {
            throw new IllegalArgumentException("S3 key prefix '" + root + "' must be empty or end with '/'");
        }
        this.url = url;
        this.client = client;
        this.ownsClient = ownsClient;
        this.bucket = bucket;
        this.root = root;
        this.multipartThreshold = multipartThreshold;
        this.partSize = Math.toIntExact(partSize);
    }

    /** Checks that the bucket exists and can be reached with the configured credentials. */
    public void checkBucket(String endpoint) throws IOException {
        try {
            SdkClassLoading.call(() -> client.headBucket(b -> b.bucket(bucket)));
        } catch (NoSuchBucketException e) {
            throw new IOException("the bucket '" + bucket + "' of storage URL '" + url + "' does not exist at " + endpoint, e);
        } catch (S3Exception e) {
            String why = switch (e.statusCode()) {
                case 404 -> "does not exist";
                case 403 -> "refuses access with the configured credentials (HTTP 403)";
                case 301 -> "is in another region than storage.s3.region (HTTP 301)";
                default -> "answered HTTP " + e.statusCode() + ": " + e.getMessage();
            };
            throw new IOException("the bucket '" + bucket + "' of storage URL '" + url + "' at " + endpoint + " " + why, e);
        } catch (SdkClientException e) {
            throw new IOException("cannot reach the S3 endpoint " + endpoint + " for storage URL '" + url + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        String k = objectKey(key);
        if (data.length <= multipartThreshold) {
            putSingle(key, k, data, data.length);
        } else {
            multipart(key, k, new ByteArrayInputStream(data), data.length);
        }
    }

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
        String k = objectKey(key);
        if (length < -1) {
            throw new IllegalArgumentException("invalid length " + length + " for '" + key + "': expected -1 (to the end) or at least 0");
        }
        if (length >= 0 && length <= multipartThreshold) {
            // Held in memory (at most the threshold), so that the SDK can retry the request.
            byte[] bytes = new byte[(int) length];
            int n = readFully(data, bytes, bytes.length);
            if (n < length) {
                throw new EOFException("stream for '" + key + "' ended after " + n + " of " + length + " bytes");
            }
            putSingle(key, k, bytes, n);
        } else if (length > 0) {
            multipart(key, k, data, length);
        } else {
            // Unknown length: one byte more than the threshold tells whether parts are needed.
            byte[] head = readUpTo(data, (int) multipartThreshold + 1);
            if (head.length <= multipartThreshold) {
                putSingle(key, k, head, head.length);
            } else {
                multipart(key, k, new SequenceInputStream(new ByteArrayInputStream(head), data), -1);
            }
        }
    }

    @Override
    public long put(String key, ObjectWriter writer) throws IOException {
        Upload upload = new Upload(key, objectKey(key));
        try {
            writer.writeTo(upload);
            return upload.complete();
        } catch (IOException | RuntimeException | Error e) {
            upload.abort(e);
            throw e;
        } finally {
            upload.open = false;
        }
    }

    /**
     * The channel of a streamed put: bytes are held until they pass the multipart threshold (then
     * the object goes in one {@code PutObject}), after that uploaded a part at a time as each part
     * fills; only the last part may be smaller.
     */
    private final class Upload implements WritableByteChannel {
        private final String key;
        private final String k;
        private final List<CompletedPart> parts = new ArrayList<>();
        private byte[] buffer = new byte[1 << 16];
        private int length;
        private long total;
        private String uploadId;
        boolean open = true;

        Upload(String key, String k) {
            this.key = key;
            this.k = k;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (!open) {
                throw new ClosedChannelException();
            }
            int n = src.remaining();
            while (src.hasRemaining()) {
                if (length == buffer.length) {
                    makeRoom();
                }
                int c = Math.min(src.remaining(), buffer.length - length);
                src.get(buffer, length, c);
                length += c;
            }
            total += n;
            return n;
        }

        /** The buffer is full: grow it up to just over the threshold, then upload whole parts. */
        private void makeRoom() throws IOException {
            long limit = Math.min(multipartThreshold + 1, MAX_BUFFER);
            if (uploadId == null && buffer.length < limit) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, 2L * buffer.length));
                return;
            }
            if (uploadId == null) {
                uploadId = run("CreateMultipartUpload", key, () -> client.createMultipartUpload(
                        r -> r.bucket(bucket).key(k).contentType(CONTENT_TYPE)).uploadId());
            }
            int at = 0;
            while (length - at >= partSize) {
                uploadPart(at, partSize);
                at += partSize;
            }
            System.arraycopy(buffer, at, buffer, 0, length - at);
            length -= at;
        }

        private void uploadPart(int offset, int size) throws IOException {
            int partNumber = parts.size() + 1;
            if (partNumber > MAX_PARTS) {
                throw new IOException("object '" + key + "' in " + url + " needs more than " + MAX_PARTS
                        + " parts of " + partSize + " bytes: raise storage.s3.part.size.mib");
            }
            byte[] bytes = buffer;
            RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, offset, size), size,
                    CONTENT_TYPE);
            String id = uploadId;
            String etag = run("UploadPart", key, () -> client.uploadPart(r -> r.bucket(bucket).key(k).uploadId(id)
                    .partNumber(partNumber).contentLength((long) size), body).eTag());
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }

        /** Stores what was written: one object, or the last parts and the completion. */
        long complete() throws IOException {
            open = false;
            if (uploadId == null) {
                putSingle(key, k, buffer, length);
                return total;
            }
            int at = 0;
            while (length - at > 0) {
                int size = Math.min(partSize, length - at);
                uploadPart(at, size);
                at += size;
            }
            length = 0;
            String id = uploadId;
            run("CompleteMultipartUpload", key, () -> client.completeMultipartUpload(r -> r.bucket(bucket).key(k)
                    .uploadId(id).multipartUpload(m -> m.parts(parts))));
            return total;
        }

        void abort(Throwable cause) {
            if (uploadId != null) {
                S3ObjectStore.this.abort(key, k, uploadId, cause);
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    /**
     * A {@code PutObject} with {@code If-None-Match: *}: S3 answers 412 when the key exists, and
     * 409 while another conditional write of the key is in flight (then the put is tried again,
     * and a 412 says who won). The first call checks with a probe object that the store enforces
     * the header at all (some S3-compatible stores ignore it, which would make the put overwrite).
     */
    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        String k = objectKey(key);
        checkConditionalPuts();
        for (int attempt = 1; ; attempt++) {
            try {
                conditionalPut(k, data);
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    return false;
                }
                if (e.statusCode() != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    throw new IOException("PutObject (If-None-Match: *) of '" + key + "' in " + url + " failed: HTTP "
                            + e.statusCode() + " " + (e.awsErrorDetails() != null
                                    ? e.awsErrorDetails().errorCode() + " " : "") + e.getMessage(), e);
                }
                // another conditional write of this key is in flight: ask again shortly
                java.util.concurrent.locks.LockSupport.parkNanos(attempt * 20_000_000L);
            } catch (SdkException e) {
                throw new IOException("PutObject (If-None-Match: *) of '" + key + "' in " + url + " failed: "
                        + e.getMessage(), e);
            }
        }
    }

    private void conditionalPut(String k, byte[] data) {
        RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data), data.length,
                CONTENT_TYPE);
        SdkClassLoading.call(() -> client.putObject(r -> r.bucket(bucket).key(k).contentLength((long) data.length)
                .ifNoneMatch("*"), body));
    }

    /** Puts a probe object twice with {@code If-None-Match: *}: the second must be refused with 412. */
    private void checkConditionalPuts() throws IOException {
        if (conditionalPuts) {
            return;
        }
        synchronized (this) {
            if (conditionalPuts) {
                return;
            }
            String probe = root + ".wadi-conditional-put-probe-" + java.util.UUID.randomUUID();
            byte[] bytes = "probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            String refusal = null;
            try {
                conditionalPut(probe, bytes);
                try {
                    conditionalPut(probe, bytes);
                    refusal = "it stored an object over an existing one despite If-None-Match: *";
                } catch (S3Exception e) {
                    if (e.statusCode() != 412) {
                        refusal = "a second put answered HTTP " + e.statusCode() + " instead of 412";
                    }
                }
            } catch (S3Exception e) {
                refusal = "a put with If-None-Match: * answered HTTP " + e.statusCode() + " " + e.getMessage();
            } catch (SdkException e) {
                throw new IOException("cannot check conditional writes in " + url + ": " + e.getMessage(), e);
            } finally {
                try {
                    SdkClassLoading.call(() -> client.deleteObject(r -> r.bucket(bucket).key(probe)));
                } catch (SdkException e) {
                    LOG.warn("Could not delete the probe object {} in bucket {}: {}", probe, bucket, e.getMessage());
                }
            }
            if (refusal != null) {
                throw new ConditionalWritesUnsupportedException("the S3 store of " + url + " does not enforce "
                        + "conditional writes (PutObject "
                        + "with If-None-Match: *): " + refusal + ". Creating an object only if it is absent needs a "
                        + "store that does (AWS S3 and most current S3-compatible stores)");
            }
            conditionalPuts = true;
        }
    }

    private void putSingle(String key, String k, byte[] bytes, int length) throws IOException {
        RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, CONTENT_TYPE);
        run("PutObject", key, () -> client.putObject(r -> r.bucket(bucket).key(k).contentLength((long) length), body));
    }

    private void multipart(String key, String k, InputStream data, long length) throws IOException {
        String uploadId = run("CreateMultipartUpload", key,
                () -> client.createMultipartUpload(r -> r.bucket(bucket).key(k).contentType(CONTENT_TYPE)).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[partSize];
            long total = 0;
            while (length < 0 || total < length) {
                int want = length < 0 ? partSize : (int) Math.min(partSize, length - total);
                int n = readFully(data, buffer, want);
                if (n == 0) {
                    break;
                }
                int partNumber = parts.size() + 1;
                if (partNumber > MAX_PARTS) {
                    throw new IOException("object '" + key + "' in " + url + " needs more than " + MAX_PARTS
                            + " parts of " + partSize + " bytes: raise storage.s3.part.size.mib");
                }
                int size = n;
                RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, size), size, CONTENT_TYPE);
                String etag = run("UploadPart", key, () -> client.uploadPart(r -> r.bucket(bucket).key(k).uploadId(uploadId)
                        .partNumber(partNumber).contentLength((long) size), body).eTag());
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                total += n;
                if (n < want) {
                    break;
                }
            }
            if (length >= 0 && total < length) {
                throw new EOFException("stream for '" + key + "' ended after " + total + " of " + length + " bytes");
            }
            run("CompleteMultipartUpload", key, () -> client.completeMultipartUpload(r -> r.bucket(bucket).key(k)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        } catch (IOException | RuntimeException | Error e) {
            abort(key, k, uploadId, e);
            throw e;
        }
    }

    private void abort(String key, String k, String uploadId, Throwable cause) {
        try {
            run("AbortMultipartUpload", key, () -> client.abortMultipartUpload(r -> r.bucket(bucket).key(k).uploadId(uploadId)));
        } catch (IOException | RuntimeException e) {
            // The parts stay until the bucket's lifecycle rule for incomplete uploads removes them.
            LOG.warn("Could not abort the multipart upload {} of '{}' in {}: {}", uploadId, key, url, e.getMessage());
            cause.addSuppressed(e);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        String k = objectKey(key);
        return run("GetObject", key, () -> client.getObjectAsBytes(r -> r.bucket(bucket).key(k)).asByteArrayUnsafe());
    }

    @Override
    public InputStream getStream(String key) throws IOException {
        String k = objectKey(key);
        return run("GetObject", key, () -> client.getObject(r -> r.bucket(bucket).key(k)));
    }

    @Override
    public boolean exists(String key) throws IOException {
        String k = objectKey(key);
        try {
            run("HeadObject", key, () -> client.headObject(r -> r.bucket(bucket).key(k)));
            return true;
        } catch (NoSuchObjectException e) {
            return false;
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String k : rawKeys(prefix)) {
            // folder markers (written by consoles and some stores) are not objects
            if (!k.endsWith("/")) {
                keys.add(k.substring(root.length()));
            }
        }
        keys.sort(null);
        return keys;
    }

    /** Every key in the bucket under root + prefix, folder markers included. */
    private List<String> rawKeys(String prefix) throws IOException {
        ObjectKeys.requirePrefix(prefix);
        String p = root + prefix;
        return run("ListObjectsV2", prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(p)).contents()) {
                keys.add(o.key());
            }
            return keys;
        });
    }

    @Override
    public void delete(String key) throws IOException {
        String k = objectKey(key);
        run("DeleteObject", key, () -> client.deleteObject(r -> r.bucket(bucket).key(k)));
    }

    @Override
    public int deletePrefix(String prefix) throws IOException {
        ObjectKeys.requirePrefix(prefix);
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("refusing to delete every object in " + url + ": give a non-empty prefix");
        }
        List<String> keys = rawKeys(prefix);
        // Deepest first: a folder marker goes after what is inside it. Stores that keep objects in
        // real folders (s3proxy's filesystem backend) cannot remove a folder before its content.
        keys.sort(Comparator.reverseOrder());
        // the prefix's own folder marker, which some stores leave out of the listing
        if (prefix.endsWith("/") && !keys.contains(root + prefix)) {
            keys.add(root + prefix);
        }
        int objects = (int) keys.stream().filter(k -> !k.endsWith("/")).count();
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH));
            if (!batchDelete || !deleteBatch(prefix, batch)) {
                for (String k : batch) {
                    run("DeleteObject", k.substring(root.length()), () -> client.deleteObject(r -> r.bucket(bucket).key(k)));
                }
            }
        }
        return objects;
    }

    /** Deletes up to 1000 keys in one request; false if the store does not implement that. */
    private boolean deleteBatch(String prefix, List<String> keys) throws IOException {
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (String k : keys) {
            ids.add(ObjectIdentifier.builder().key(k).build());
        }
        Delete delete = Delete.builder().objects(ids).quiet(true).build();
        DeleteObjectsResponse response;
        try {
            response = SdkClassLoading.call(() -> client.deleteObjects(r -> r.bucket(bucket).delete(delete)));
        } catch (S3Exception e) {
            if (e.statusCode() != 501) {
                return run("DeleteObjects", prefix, () -> {
                    throw e;
                });
            }
            // S3 requires a checksum header on DeleteObjects that some S3-compatible stores
            // (s3proxy among them) do not implement.
            LOG.info("{} does not implement DeleteObjects with checksums (HTTP 501): deleting key by key", url);
            batchDelete = false;
            return false;
        } catch (SdkException e) {
            return run("DeleteObjects", prefix, () -> {
                throw e;
            });
        }
        if (response.hasErrors() && !response.errors().isEmpty()) {
            var first = response.errors().get(0);
            throw new IOException("could not delete " + response.errors().size() + " objects under '" + prefix + "' in "
                    + url + ", e.g. '" + first.key() + "': " + first.code() + " " + first.message());
        }
        return true;
    }

    @Override
    public java.util.Optional<MultipartUploads> multipartUploads() {
        return java.util.Optional.of(new Uploads());
    }

    /** Multipart uploads driven by the caller (two-phase commits). */
    private final class Uploads implements MultipartUploads {

        @Override
        public String start(String key) throws IOException {
            String k = objectKey(key);
            return run("CreateMultipartUpload", key,
                    () -> client.createMultipartUpload(r -> r.bucket(bucket).key(k).contentType(CONTENT_TYPE)).uploadId());
        }

        @Override
        public String uploadPart(String key, String uploadId, int partNumber, byte[] data, int length)
                throws IOException {
            String k = objectKey(key);
            if (partNumber < 1 || partNumber > MAX_PARTS) {
                throw new IOException("part " + partNumber + " of '" + key + "' in " + url + ": parts are numbered 1 to "
                        + MAX_PARTS);
            }
            RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length,
                    CONTENT_TYPE);
            return run("UploadPart", key, () -> client.uploadPart(r -> r.bucket(bucket).key(k).uploadId(uploadId)
                    .partNumber(partNumber).contentLength((long) length), body).eTag());
        }

        @Override
        public boolean complete(String key, String uploadId, List<String> partTags) throws IOException {
            String k = objectKey(key);
            List<CompletedPart> parts = new ArrayList<>();
            for (int i = 0; i < partTags.size(); i++) {
                parts.add(CompletedPart.builder().partNumber(i + 1).eTag(partTags.get(i)).build());
            }
            try {
                SdkClassLoading.call(() -> client.completeMultipartUpload(r -> r.bucket(bucket).key(k)
                        .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
                return true;
            } catch (NoSuchUploadException e) {
                return alreadyCompleted(key, uploadId, e);
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return alreadyCompleted(key, uploadId, e);
                }
                return run("CompleteMultipartUpload", key, () -> {
                    throw e;
                });
            } catch (SdkException e) {
                return run("CompleteMultipartUpload", key, () -> {
                    throw e;
                });
            }
        }

        private boolean alreadyCompleted(String key, String uploadId, Exception cause) throws IOException {
            if (exists(key)) {
                return false;
            }
            throw new IOException("CompleteMultipartUpload of '" + key + "' in " + url + " failed: the upload "
                    + uploadId + " is unknown and the object does not exist (aborted, or expired by the bucket's "
                    + "lifecycle rule)", cause);
        }

        @Override
        public void abort(String key, String uploadId) throws IOException {
            String k = objectKey(key);
            try {
                SdkClassLoading.call(() -> client.abortMultipartUpload(r -> r.bucket(bucket).key(k).uploadId(uploadId)));
            } catch (NoSuchUploadException e) {
                // gone already
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    run("AbortMultipartUpload", key, () -> {
                        throw e;
                    });
                }
            } catch (SdkException e) {
                run("AbortMultipartUpload", key, () -> {
                    throw e;
                });
            }
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + url + "]";
    }

    private String objectKey(String key) {
        return root + ObjectKeys.requireKey(key);
    }

    /** Reads until {@code want} bytes are in {@code buffer} or the stream ends; returns how many. */
    private static int readFully(InputStream in, byte[] buffer, int want) throws IOException {
        int n = 0;
        while (n < want) {
            int r = in.read(buffer, n, want - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    /** Reads at most {@code limit} bytes, growing the buffer as they come: small streams stay small. */
    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[Math.min(limit, 1 << 16)];
        int n = 0;
        while (n < limit) {
            if (n == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, 2L * buffer.length));
            }
            int r = in.read(buffer, n, buffer.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
    }

    private interface S3Call<T> {
        T call();
    }

    /** Runs one S3 request, turning the SDK's exceptions into I/O exceptions that name the object. */
    private <T> T run(String operation, String key, S3Call<T> call) throws IOException {
        try {
            return SdkClassLoading.call(call::call);
        } catch (NoSuchKeyException e) {
            throw new NoSuchObjectException(key, url);
        } catch (NoSuchBucketException e) {
            throw new IOException(operation + " of '" + key + "' in " + url + " failed: the bucket '" + bucket + "' does not exist", e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && (operation.equals("HeadObject") || operation.equals("GetObject"))) {
                throw new NoSuchObjectException(key, url);
            }
            throw new IOException(operation + " of '" + key + "' in " + url + " failed: HTTP " + e.statusCode() + " "
                    + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() + " " : "") + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException(operation + " of '" + key + "' in " + url + " failed: " + e.getMessage(), e);
        }
    }
}
