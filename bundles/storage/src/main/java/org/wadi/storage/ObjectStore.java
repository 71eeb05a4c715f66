package org.wadi.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A flat store of immutable objects (byte sequences) under {@code /}-separated keys, rooted at the
 * URL it was opened for ({@link StorageProvider#open}). Keys follow {@link ObjectKeys}; a key that
 * breaks the rules is refused with an {@link IllegalArgumentException}.
 *
 * <p>Every {@code put} is all-or-nothing: readers see either the previous object or the whole new
 * one, never a part; a put that fails (its stream throws, ends early, or the store fails) leaves
 * the previous object, or none, behind. Keys are files in the {@code file:} backend, so one key
 * cannot also be the folder of another ({@code a/b} and {@code a/b/c}); layouts avoid that.
 *
 * <p>Implementations are safe for concurrent use. Closing a store releases what it holds alone;
 * clients shared between stores belong to the provider.
 */
@ProviderType
public interface ObjectStore extends AutoCloseable {

    /** The storage URL this store was opened for, e.g. {@code s3://bucket/wadi}. */
    String url();

    /** Stores {@code data} under {@code key}, replacing any object there. */
    void put(String key, byte[] data) throws IOException;

    /**
     * Stores the bytes of {@code data} under {@code key}, replacing any object there. Large
     * objects are uploaded in parts (S3 multipart upload) and completed only when every byte
     * arrived. The stream is read but not closed.
     *
     * @param length the number of bytes to read from {@code data}, or {@code -1} to read it to
     *     its end; a stream that ends before {@code length} bytes fails the put
     */
    void put(String key, InputStream data, long length) throws IOException;

    /**
     * Stores under {@code key} the bytes {@code writer} writes, replacing any object there, without
     * holding them all in memory: the {@code file:} backend writes them straight into its temporary
     * file (forced to disk once, at the end), the S3 backend uploads them in parts as they come
     * (one {@code PutObject} when they stay under the multipart threshold). All-or-nothing like
     * every put: when the writer throws, nothing new is stored.
     *
     * @return the number of bytes stored
     */
    long put(String key, ObjectWriter writer) throws IOException;

    /**
     * Stores {@code data} under {@code key} only if no object is there, atomically: of several
     * writers racing for one key (in any processes) exactly one succeeds, and the others see its
     * object. Log-structured tables (a Delta log's next version) commit with it. The {@code file:}
     * backend hard-links a complete temporary file to the key (which fails when the name is
     * taken); the S3 backend sends a {@code PutObject} with {@code If-None-Match: *} (S3's
     * conditional write), and, because an S3-compatible store that ignores that header would
     * silently overwrite, checks once per store that the header is honoured before relying on it.
     *
     * @return {@code true} if the object was stored, {@code false} if one existed already
     * @throws ConditionalWritesUnsupportedException if the store cannot write conditionally
     * @throws IOException if the store failed
     * @since 1.3
     */
    boolean putIfAbsent(String key, byte[] data) throws IOException;

    /**
     * The whole object under {@code key}.
     *
     * @throws NoSuchObjectException if there is none
     */
    byte[] get(String key) throws IOException;

    /**
     * A stream of the object under {@code key}, to be closed by the caller.
     *
     * @throws NoSuchObjectException if there is none
     */
    InputStream getStream(String key) throws IOException;

    /** Whether an object exists under {@code key}. */
    boolean exists(String key) throws IOException;

    /**
     * The keys that start with {@code prefix} (a plain string prefix: {@code a/b} matches
     * {@code a/b/c} and {@code a/bc}; {@code ""} matches every key), in ascending order.
     * Folder markers of S3-compatible stores (keys ending in {@code /}) are not objects and not
     * listed.
     */
    List<String> list(String prefix) throws IOException;

    /** Deletes the object under {@code key}; nothing happens if there is none. */
    void delete(String key) throws IOException;

    /**
     * Deletes every object whose key starts with {@code prefix} (as in {@link #list}).
     *
     * @param prefix not empty: deleting everything in a store is refused
     * @return how many objects were deleted
     */
    int deletePrefix(String prefix) throws IOException;

    /**
     * Multipart uploads under the caller's control, where the store has them (S3); empty for
     * stores without (local folders).
     */
    default java.util.Optional<MultipartUploads> multipartUploads() {
        return java.util.Optional.empty();
    }

        /** Releases what this store holds alone; the objects stay. */
    @Override
    void close();
}
