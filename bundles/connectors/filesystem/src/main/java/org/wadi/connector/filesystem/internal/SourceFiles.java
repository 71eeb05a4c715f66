package org.wadi.connector.filesystem.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.wadi.storage.ObjectStore;

/**
 * The files a filesystem source reads, named by their paths relative to the table's
 * {@code path} with {@code /} separators, in ascending order. Hidden files and folders (a name
 * starting with {@code .}, such as the sink's in-progress files) and those starting with
 * {@code _} are left out, as Hive and Spark do.
 */
interface SourceFiles extends AutoCloseable {

    /** Every readable file. */
    List<String> list() throws IOException;

    /** The content of a file, to be closed by the caller. */
    InputStream open(String name) throws IOException;

    /**
     * The file at a local path, to be read at random (Parquet): an object is first copied to a
     * temporary file, deleted when the returned copy is closed.
     */
    LocalCopy local(String name) throws IOException;

    /** A file on local disk; {@code temporary} when it is a copy that closing deletes. */
    record LocalCopy(Path path, boolean temporary) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (temporary) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A file's full location, for messages. */
    String describe(String name);

    @Override
    default void close() {
    }

    /** Whether a relative name is listed: no segment is hidden or starts with {@code _}. */
    static boolean visible(String name) {
        for (String segment : name.split("/")) {
            if (segment.isEmpty() || segment.startsWith(".") || segment.startsWith("_")) {
                return false;
            }
        }
        return true;
    }

    /** The files under a local folder, or the one file a path names. */
    static SourceFiles local(Path path) {
        return new SourceFiles() {
            private final boolean single = Files.isRegularFile(path);
            private final Path base = single ? path.getParent() : path;

            @Override
            public List<String> list() throws IOException {
                if (single) {
                    return List.of(path.getFileName().toString());
                }
                if (!Files.isDirectory(path)) {
                    throw new IOException("the folder " + path + " does not exist");
                }
                List<String> names = new ArrayList<>();
                try (Stream<Path> all = Files.walk(base)) {
                    all.filter(Files::isRegularFile).forEach(p -> {
                        String name = base.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                        if (visible(name)) {
                            names.add(name);
                        }
                    });
                }
                names.sort(null);
                return names;
            }

            @Override
            public InputStream open(String name) throws IOException {
                return Files.newInputStream(base.resolve(name));
            }

            @Override
            public LocalCopy local(String name) {
                return new LocalCopy(base.resolve(name), false);
            }

            @Override
            public String describe(String name) {
                return base.resolve(name).toString();
            }
        };
    }

    /** The objects under a store's root; the store is closed with this. */
    static SourceFiles objects(ObjectStore store) {
        return new SourceFiles() {
            @Override
            public List<String> list() throws IOException {
                List<String> names = new ArrayList<>();
                for (String key : store.list("")) {
                    if (visible(key)) {
                        names.add(key);
                    }
                }
                names.sort(null);
                return names;
            }

            @Override
            public InputStream open(String name) throws IOException {
                return store.getStream(name);
            }

            @Override
            public LocalCopy local(String name) throws IOException {
                Path copy = Files.createTempFile("wadi-source-", ".parquet");
                try (InputStream in = store.getStream(name)) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(copy);
                    throw e;
                }
                return new LocalCopy(copy, true);
            }

            @Override
            public String describe(String name) {
                return store.url() + "/" + name;
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }
}
