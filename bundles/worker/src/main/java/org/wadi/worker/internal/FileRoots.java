package org.wadi.worker.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.FileAccess;

/**
 * The file roots every local path must lie in. Paths are normalised and their existing part's
 * symbolic links resolved before the check, so neither {@code ..} nor a link can lead outside.
 */
@Component(service = FileAccess.class, configurationPid = "org.wadi.files")
@Designate(ocd = FileRoots.Config.class)
public final class FileRoots implements FileAccess {

    /** The environment variable that overrides {@code file.roots}. */
    public static final String ENV = "WADI_FILE_ROOTS";
    /** The framework property a worker process receives the roots in. */
    public static final String FRAMEWORK_PROPERTY = "wadi.file.roots";

    @ObjectClassDefinition(name = "Wadi file roots",
            description = "The directories connectors may read and write local files in.")
    public @interface Config {

        @AttributeDefinition(name = "File roots",
                description = "Colon-separated absolute directories that local paths (plain or file: URLs) must lie "
                        + "in, e.g. /data/in:/data/out. Empty means the Karaf data directory and java.io.tmpdir. "
                        + "Overridden by the environment variable WADI_FILE_ROOTS.")
        String file_roots() default "";
    }

    private final List<Path> roots;

    @Activate
    public FileRoots(Config config, BundleContext context) {
        this(choose(System.getenv(ENV), config.file_roots(), context.getProperty(FRAMEWORK_PROPERTY),
                context.getProperty("karaf.data")));
    }

    /** Roots from a colon-separated list. */
    public FileRoots(String colonSeparated) {
        List<Path> list = new ArrayList<>();
        for (String s : colonSeparated.split(":")) {
            if (!s.isBlank()) {
                list.add(canonical(Path.of(s.trim()).toAbsolutePath().normalize()));
            }
        }
        this.roots = List.copyOf(list);
    }

    /** The first non-blank of: environment, configuration, framework property; else the defaults. */
    static String choose(String env, String config, String frameworkProperty, String karafData) {
        for (String s : new String[] {env, config, frameworkProperty}) {
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        String tmp = System.getProperty("java.io.tmpdir");
        return karafData == null || karafData.isBlank() ? tmp : karafData + ":" + tmp;
    }

    /** The roots, as real paths where they exist. */
    public List<Path> roots() {
        return roots;
    }

    /** The roots as the colon-separated list workers receive. */
    public String asString() {
        return String.join(":", roots.stream().map(Path::toString).toList());
    }

    @Override
    public Path resolve(String pathOrUrl) throws ConnectorException {
        if (pathOrUrl == null || pathOrUrl.isBlank()) {
            throw new ConnectorException("an empty path names no file");
        }
        Path p;
        try {
            if (pathOrUrl.regionMatches(true, 0, "file:", 0, 5)) {
                URI uri = new URI(pathOrUrl);
                p = uri.isOpaque() ? Path.of(uri.getSchemeSpecificPart()) : Path.of(uri);
            } else {
                p = Path.of(pathOrUrl);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ConnectorException("'" + pathOrUrl + "' is not a valid path or file: URL: " + e.getMessage());
        }
        if (!p.isAbsolute()) {
            if (roots.isEmpty()) {
                throw outside(pathOrUrl);
            }
            // relative paths are taken inside the first root, the one place they can be allowed
            p = roots.get(0).resolve(p);
        }
        Path real;
        try {
            real = real(p.normalize(), 0);
        } catch (IOException e) {
            throw new ConnectorException("path '" + pathOrUrl + "' cannot be resolved: " + e.getMessage());
        }
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return real;
            }
        }
        throw outside(pathOrUrl);
    }

    private ConnectorException outside(String pathOrUrl) {
        return new ConnectorException("path '" + pathOrUrl + "' is outside the allowed file roots "
                + roots + "; set " + ENV + " to allow it");
    }

    /** {@code p} with the symbolic links of its existing part resolved, dangling links included. */
    private static Path real(Path p, int depth) throws IOException {
        if (depth > 40) {
            throw new IOException("too many levels of symbolic links");
        }
        Deque<Path> tail = new ArrayDeque<>();
        Path cur = p;
        while (cur != null) {
            if (Files.exists(cur)) {
                Path r = cur.toRealPath();
                for (Path name : tail) {
                    r = r.resolve(name);
                }
                return r.normalize();
            }
            if (Files.isSymbolicLink(cur)) {
                // a dangling link: writing through it would create its target, so check the target
                Path target = cur.resolveSibling(Files.readSymbolicLink(cur));
                for (Path name : tail) {
                    target = target.resolve(name);
                }
                return real(target.normalize(), depth + 1);
            }
            tail.addFirst(cur.getFileName());
            cur = cur.getParent();
        }
        return p;
    }

    private static Path canonical(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p;
        } catch (IOException e) {
            return p;
        }
    }
}
