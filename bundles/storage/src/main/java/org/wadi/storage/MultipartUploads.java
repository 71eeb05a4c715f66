package org.wadi.storage;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Multipart uploads driven by the caller, for writers that commit in two phases (an exactly-once
 * sink): parts are uploaded as data comes, the upload id and part tags are kept in a checkpoint,
 * and the object appears only when {@link #complete} is called — possibly by another process
 * after a restore. Offered by S3 stores ({@link ObjectStore#multipartUploads()}).
 */
@ProviderType
public interface MultipartUploads {

    /** Starts an upload of the object {@code key}; returns its upload id. */
    String start(String key) throws IOException;

    /**
     * Uploads part {@code partNumber} (from 1) of an upload.
     *
     * @return the part's tag, to be passed to {@link #complete}
     */
    String uploadPart(String key, String uploadId, int partNumber, byte[] data, int length) throws IOException;

    /**
     * Completes an upload: the object appears under {@code key} with the parts in order.
     * Idempotent: when the store knows the upload no more but the object exists (an earlier call
     * completed it), nothing happens.
     *
     * @param partTags the tags of parts 1, 2, … in order
     * @return {@code true} if this call completed the upload, {@code false} if it was completed before
     * @throws IOException if the upload is unknown and the object does not exist, or the store fails
     */
    boolean complete(String key, String uploadId, List<String> partTags) throws IOException;

    /** Aborts an upload, dropping its parts; nothing happens if the store knows it no more. */
    void abort(String key, String uploadId) throws IOException;
}
