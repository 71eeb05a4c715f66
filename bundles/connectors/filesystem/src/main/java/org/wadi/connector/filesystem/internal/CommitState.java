package org.wadi.connector.filesystem.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.wadi.spi.connector.ConnectorException;

/**
 * What a filesystem sink subtask returns from {@code preCommit} and gets back at {@code commit}
 * and on restore: the closed in-progress files waiting to be published, with their lengths, and
 * the next serial number for file names. Stored in the checkpoint as a small JSON document.
 *
 * @param version the layout of this document
 * @param epoch the checkpoint it was taken at
 * @param subtask the subtask that wrote the files
 * @param nextSerial the serial number the subtask's next file takes
 * @param files the files to publish, paths relative to the sink's folder with {@code /}
 */
record CommitState(int version, long epoch, int subtask, long nextSerial, List<PendingFile> files) {

    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * A closed file waiting to be published.
     *
     * @param inProgress where it was written, hidden (local folders), or {@code null}
     * @param target the name it is published under
     * @param length its valid length in bytes
     * @param uploadId the multipart upload that publishes it (object stores), or {@code null}
     * @param parts the tags of the upload's parts, in order (object stores)
     */
    record PendingFile(String inProgress, String target, long length, String uploadId, List<String> parts) {

        PendingFile {
            parts = parts == null ? List.of() : List.copyOf(parts);
        }

        /** A local file. */
        PendingFile(String inProgress, String target, long length) {
            this(inProgress, target, length, null, List.of());
        }
    }

    CommitState {
        files = files == null ? List.of() : List.copyOf(files);
    }

    byte[] toBytes() throws ConnectorException {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new ConnectorException("filesystem sink: cannot encode its commit state: " + e.getMessage(), e);
        }
    }

    static CommitState fromBytes(byte[] bytes) throws ConnectorException {
        CommitState state;
        try {
            state = MAPPER.readValue(bytes, CommitState.class);
        } catch (IOException e) {
            throw new ConnectorException("filesystem sink: the checkpointed commit state is not readable ("
                    + e.getMessage() + ")", e);
        }
        if (state.version() != VERSION) {
            throw new ConnectorException("filesystem sink: the checkpointed commit state has version " + state.version()
                    + "; this connector reads version " + VERSION);
        }
        return state;
    }
}
