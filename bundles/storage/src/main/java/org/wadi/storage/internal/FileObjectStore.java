package org.wadi.storage.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.wadi.storage.NoSuchObjectException;
import org.wadi.storage.ObjectKeys;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.ObjectWriter;

/**
 * An {@link ObjectStore} in a folder: each key is a file under the root, its segments folders.
 * A put writes a temporary file next to the target ({@code .<name>.<random>.tmp}, a name no key
 * can have), forces it to disk once it is whole, and renames it over the target atomically; then
 * forces the folder, so that the rename survives a crash too.
 */
public final class FileObjectStore implements ObjectStore {

    private static final int BUFFER = 1 << 16;
    private static final String TEMP_SUFFIX = ".tmp";

    private final String url;
    private final Path root;

    /**
     * @param url the storage URL, for messages
     * @param root the folder; created if missing
     */
    public FileObjectStore(String url, Path root) throws IOException {
        this.url = url;
        this.root = root.toAbsolutePath().normalize();
        if (Files.exists(this.root) && !Files.isDirectory(this.root)) {
            throw new IOException("storage URL '" + url + "' names " + this.root + ", which is not a folder");
        }
        Files.createDirectories(this.root);
    }

    @Override
    public String url() {
        return url;
    }

    /** The root folder. */
    public Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        write(key, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
        if (length < -1) {
            throw new IllegalArgumentException("invalid length " + length + " for '" + key + "': expected -1 (to the end) or at least 0");
        }
        write(key, channel -> {
            byte[] buffer = new byte[BUFFER];
            long remaining = length < 0 ? Long.MAX_VALUE : length;
            while (remaining > 0) {
                int n = data.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    if (length < 0) {
                        return;
                    }
                    throw new EOFException("stream for '" + key + "' ended after " + (length - remaining) + " of " + length + " bytes");
                }
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                while (bb.hasRemaining()) {
                    channel.write(bb);
                }
                remaining -= n;
            }
        });
    }

    @Override
    public long put(String key, ObjectWriter writer) throws IOException {
        long[] size = new long[1];
        write(key, channel -> {
            writer.writeTo(new StoreChannel(channel));
            size[0] = channel.position();
        });
        return size[0];
    }

    /** A complete, forced temporary file hard-linked to the key: the link fails if the name is taken. */
    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        Path target = resolve(key);
        Path folder = target.getParent();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path temp = createTemp(folder, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                throw new IOException("the file system of " + root + " has no hard links; storage URL '" + url
                        + "' needs one that has them to create '" + key + "' only if it is absent", e);
            }
            forceFolder(folder);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private interface Writer {
        void writeTo(FileChannel channel) throws IOException;
    }

    private void write(String key, Writer writer) throws IOException {
        Path target = resolve(key);
        Path folder = target.getParent();
        Path temp = createTemp(folder, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writer.writeTo(channel);
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + root + " cannot rename atomically; storage URL '" + url
                        + "' needs one that can (a local file system)", e);
            }
            temp = null;
            forceFolder(folder);
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Creates the folder and a temporary file in it, retrying if a concurrent prefix deletion removes the folder. */
    private Path createTemp(Path folder, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.createDirectories(folder);
                return Files.createTempFile(folder, "." + name + ".", TEMP_SUFFIX);
            } catch (NoSuchFileException e) {
                if (attempt >= 3) {
                    throw e;
                }
            } catch (FileAlreadyExistsException e) {
                throw new IOException("cannot store under '" + folder + "' in " + url
                        + ": a part of the key is already an object", e);
            }
        }
    }

    private static void forceFolder(Path folder) {
        // Makes the rename durable. Linux allows fsync on a directory; where a platform does not, the
        // file's own fsync is the best we get.
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not supported here
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        Path file = resolve(key);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException(key, url);
        }
    }

    @Override
    public InputStream getStream(String key) throws IOException {
        Path file = resolve(key);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException(key, url);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        for (Path file : files(prefix)) {
            keys.add(keyOf(file));
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolve(key);
        if (Files.isDirectory(file)) {
            return;
        }
        if (Files.deleteIfExists(file)) {
            removeEmptyFolders(file.getParent());
        }
    }

    @Override
    public int deletePrefix(String prefix) throws IOException {
        ObjectKeys.requirePrefix(prefix);
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("refusing to delete every object in " + url + ": give a non-empty prefix");
        }
        int deleted = 0;
        for (Path file : files(prefix)) {
            if (Files.deleteIfExists(file)) {
                deleted++;
                removeEmptyFolders(file.getParent());
            }
        }
        // also the leftovers of interrupted puts inside the prefix's folder
        Path base = baseFolder(prefix);
        if (prefix.endsWith("/") && Files.isDirectory(base)) {
            try (Stream<Path> walk = Files.walk(base)) {
                for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    if (Files.isDirectory(p)) {
                        deleteEmptyFolder(p);
                    } else if (isTemp(p)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        removeEmptyFolders(base);
        return deleted;
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String toString() {
        return "FileObjectStore[" + url + "]";
    }

    /** The object files whose keys start with the prefix. */
    private List<Path> files(String prefix) throws IOException {
        ObjectKeys.requirePrefix(prefix);
        Path base = baseFolder(prefix);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(p -> !isTemp(p) && Files.isRegularFile(p))
                    .filter(p -> keyOf(p).startsWith(prefix))
                    .toList();
        } catch (UncheckedIOException e) {
            // a folder removed while walking (a concurrent delete): report it like any I/O failure
            throw e.getCause();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** The deepest folder that holds every key with this prefix. */
    private Path baseFolder(String prefix) {
        int slash = prefix.lastIndexOf('/');
        return slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static boolean isTemp(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".") && name.toString().endsWith(TEMP_SUFFIX);
    }

    private void removeEmptyFolders(Path folder) {
        for (Path f = folder; f != null && f.startsWith(root) && !f.equals(root); f = f.getParent()) {
            if (!deleteEmptyFolder(f)) {
                return;
            }
        }
    }

    private static boolean deleteEmptyFolder(Path folder) {
        try {
            Files.deleteIfExists(folder);
            return true;
        } catch (DirectoryNotEmptyException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** The file of a key, which {@link ObjectKeys} and this check keep inside the root. */
    private Path resolve(String key) {
        ObjectKeys.requireKey(key);
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("invalid object key '" + key + "': leaves the store's folder " + root);
        }
        return file;
    }
}
