package org.wadi.connector.iceberg.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.wadi.storage.NoSuchObjectException;
import org.wadi.storage.ObjectStore;

/**
 * Iceberg's file access for {@code s3://} warehouses through Wadi's storage service (its S3
 * endpoint, region and credentials), without Iceberg's AWS module. A file being written is spooled
 * to a local temporary file and uploaded when it is closed (the storage service switches to a
 * multipart upload for large ones), so a closed data file is in the store before the checkpoint
 * completes. Reads (table metadata, manifest lists: small) load the object into memory.
 */
final class ObjectStoreFileIO implements FileIO {

    /** Opens the object store of a bucket, {@code s3://bucket}. */
    @FunctionalInterface
    interface Stores {
        ObjectStore open(String bucketUrl) throws IOException;
    }

    private final Stores stores;
    private final Map<String, ObjectStore> open = new ConcurrentHashMap<>();

    ObjectStoreFileIO(Stores stores) {
        this.stores = stores;
    }

    static boolean handles(String location) {
        String l = location.toLowerCase(Locale.ROOT);
        return l.startsWith("s3://") || l.startsWith("s3a://");
    }

    /** The store of a location's bucket and the object's key. */
    private record Object(ObjectStore store, String key) {
    }

    private Object object(String location) {
        int scheme = location.indexOf("://");
        String rest = location.substring(scheme + 3);
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("Iceberg location '" + location + "' names no object (s3://bucket/key)");
        }
        String bucket = rest.substring(0, slash);
        ObjectStore store = open.computeIfAbsent(bucket, b -> {
            try {
                return stores.open("s3://" + b);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the object store of bucket '" + b + "' for Iceberg location '"
                        + location + "': " + e.getMessage(), e);
            }
        });
        return new Object(store, rest.substring(slash + 1));
    }

    @Override
    public InputFile newInputFile(String location) {
        Object o = object(location);
        return new InputFile() {
            private byte[] bytes;

            private byte[] bytes() {
                if (bytes == null) {
                    try {
                        bytes = o.store().get(o.key());
                    } catch (NoSuchObjectException e) {
                        throw new NotFoundException(e, "Iceberg file %s does not exist", location);
                    } catch (IOException e) {
                        throw new RuntimeIOException(e, "cannot read Iceberg file %s", location);
                    }
                }
                return bytes;
            }

            @Override
            public long getLength() {
                return bytes().length;
            }

            @Override
            public SeekableInputStream newStream() {
                return new BytesStream(bytes());
            }

            @Override
            public String location() {
                return location;
            }

            @Override
            public boolean exists() {
                try {
                    return o.store().exists(o.key());
                } catch (IOException e) {
                    throw new RuntimeIOException(e, "cannot look up Iceberg file %s", location);
                }
            }
        };
    }

    @Override
    public OutputFile newOutputFile(String location) {
        Object o = object(location);
        return new OutputFile() {
            @Override
            public PositionOutputStream create() {
                try {
                    if (o.store().exists(o.key())) {
                        throw new AlreadyExistsException("Iceberg file %s exists already", location);
                    }
                } catch (IOException e) {
                    throw new RuntimeIOException(e, "cannot look up Iceberg file %s", location);
                }
                return createOrOverwrite();
            }

            @Override
            public PositionOutputStream createOrOverwrite() {
                try {
                    return new Upload(o.store(), o.key(), location, Files.createTempFile("wadi-iceberg-", ".spool"));
                } catch (IOException e) {
                    throw new RuntimeIOException(e, "cannot spool Iceberg file %s", location);
                }
            }

            @Override
            public String location() {
                return location;
            }

            @Override
            public InputFile toInputFile() {
                return newInputFile(location);
            }
        };
    }

    @Override
    public void deleteFile(String location) {
        Object o = object(location);
        try {
            o.store().delete(o.key());
        } catch (IOException e) {
            throw new RuntimeIOException(e, "cannot delete Iceberg file %s", location);
        }
    }

    @Override
    public void close() {
        for (ObjectStore store : open.values()) {
            store.close();
        }
        open.clear();
    }

    /** Spools to a temporary file; closing uploads it. */
    private static final class Upload extends CountingOutputStream {
        private final ObjectStore store;
        private final String key;
        private final String location;
        private final Path spool;

        Upload(ObjectStore store, String key, String location, Path spool) throws IOException {
            super(Files.newOutputStream(spool));
            this.store = store;
            this.key = key;
            this.location = location;
            this.spool = spool;
        }

        @Override
        protected void complete() throws IOException {
            try {
                out.close();
                try (InputStream in = Files.newInputStream(spool)) {
                    store.put(key, in, Files.size(spool));
                } catch (IOException e) {
                    throw new IOException("cannot upload Iceberg file " + location + ": " + e.getMessage(), e);
                }
            } finally {
                Files.deleteIfExists(spool);
            }
        }
    }

    /** A seekable stream over bytes in memory. */
    private static final class BytesStream extends SeekableInputStream {
        private final byte[] bytes;
        private int pos;

        BytesStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (newPos < 0 || newPos > bytes.length) {
                throw new IOException("seek to " + newPos + " outside 0.." + bytes.length);
            }
            pos = (int) newPos;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= bytes.length) {
                return -1;
            }
            int n = Math.min(len, bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return bytes.length - pos;
        }
    }
}
