package org.wadi.connector.iceberg.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.FileAccess;

/**
 * Iceberg's file access for local warehouses ({@code file:} locations or plain paths) without
 * Hadoop: every path is resolved through the file roots, files are forced to disk when closed (a
 * pre-committed data file survives a crash). Iceberg's {@code HadoopFileIO}, its default, is not
 * in this bundle.
 */
final class LocalFileIO implements FileIO {

    private transient FileAccess files;

    /** Unconfined (paths are not checked against the file roots): for catalogs of our own, as in tests. */
    LocalFileIO() {
        this(null);
    }

    LocalFileIO(FileAccess files) {
        this.files = files;
    }

    @Override
    public void initialize(Map<String, String> properties) {
    }

    Path path(String location) {
        int scheme = location.indexOf("://");
        if (scheme > 0 && !location.startsWith("file:")) {
            throw new IllegalArgumentException("Iceberg location '" + location + "' is neither a local path nor in S3; "
                    + "the iceberg connector writes warehouses in local folders (file:) and s3://");
        }
        if (files != null) {
            try {
                return files.resolve(location);
            } catch (ConnectorException e) {
                throw new IllegalArgumentException("Iceberg location '" + location + "': " + e.getMessage(), e);
            }
        }
        if (location.startsWith("file:")) {
            String rest = location.substring(5);
            // file:/a, file:///a
            return Path.of(URI.create("file://" + (rest.startsWith("//") ? rest.substring(2) : rest)).getPath());
        }
        return Path.of(location);
    }

    @Override
    public InputFile newInputFile(String location) {
        Path p = path(location);
        InputFile local = org.apache.iceberg.Files.localInput(p.toFile());
        return new InputFile() {
            @Override
            public long getLength() {
                return local.getLength();
            }

            @Override
            public org.apache.iceberg.io.SeekableInputStream newStream() {
                if (!Files.exists(p)) {
                    throw new NotFoundException("Iceberg file %s does not exist", location);
                }
                return local.newStream();
            }

            @Override
            public String location() {
                return location;
            }

            @Override
            public boolean exists() {
                return Files.exists(p);
            }
        };
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return new Output(location, path(location));
    }

    @Override
    public void deleteFile(String location) {
        try {
            Files.deleteIfExists(path(location));
        } catch (IOException e) {
            throw new RuntimeIOException(e, "cannot delete Iceberg file %s", location);
        }
    }

    private final class Output implements OutputFile {
        private final String location;
        private final Path path;

        Output(String location, Path path) {
            this.location = location;
            this.path = path;
        }

        @Override
        public PositionOutputStream create() {
            if (Files.exists(path)) {
                throw new AlreadyExistsException("Iceberg file %s exists already", location);
            }
            return open(false);
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            return open(true);
        }

        private PositionOutputStream open(boolean overwrite) {
            try {
                Files.createDirectories(path.getParent());
                if (!overwrite) {
                    Files.createFile(path);
                }
                FileOutputStream file = new FileOutputStream(path.toFile());
                return new Stream(file);
            } catch (FileAlreadyExistsException e) {
                throw new AlreadyExistsException("Iceberg file %s exists already", location);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create Iceberg file " + location + ": " + e.getMessage(), e);
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
    }

    /** Counts its position; closing flushes and forces the file to disk. */
    private static final class Stream extends CountingOutputStream {
        private final FileOutputStream file;

        Stream(FileOutputStream file) {
            super(file);
            this.file = file;
        }

        @Override
        protected void complete() throws IOException {
            try {
                out.flush();
                file.getFD().sync();
            } finally {
                out.close();
            }
        }
    }

}
