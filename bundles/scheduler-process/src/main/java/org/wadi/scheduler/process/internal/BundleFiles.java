package org.wadi.scheduler.process.internal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wadi.spi.scheduler.SchedulerException;

/**
 * Finds the jar a bundle was installed from, so that a worker can install the same file:
 * {@code mvn:group/artifact/version[/type[/classifier]]} in the server's Maven-layout repositories
 * ({@code system/}), {@code file:…} as it stands (bundles dropped into {@code deploy/}).
 */
public final class BundleFiles {

    private final List<Path> repositories;

    public BundleFiles(List<Path> repositories) {
        this.repositories = List.copyOf(repositories);
    }

    /**
     * The jar of a bundle installed from {@code location}.
     *
     * @throws SchedulerException if the location's form is not supported or its file does not exist
     */
    public Path jar(String symbolicName, String location) throws SchedulerException {
        if (location == null || location.isBlank()) {
            throw new SchedulerException("bundle " + symbolicName + " has no location to find its jar from");
        }
        String loc = location.trim();
        if (loc.startsWith("reference:")) {
            loc = loc.substring("reference:".length());
        }
        if (loc.startsWith("mvn:")) {
            List<Path> tried = new ArrayList<>();
            for (Path candidate : mavenCandidates(symbolicName, loc)) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
                tried.add(candidate);
            }
            throw new SchedulerException("the jar of bundle " + symbolicName + " (" + location + ") is not in the server's repository; tried "
                    + tried);
        }
        if (loc.startsWith("file:")) {
            Path p;
            try {
                p = Path.of(URI.create(loc));
            } catch (IllegalArgumentException e) {
                p = Path.of(loc.substring("file:".length()));
            }
            if (!Files.isRegularFile(p)) {
                throw new SchedulerException("the jar of bundle " + symbolicName + " is gone: " + p + " (installed from " + location + ")");
            }
            return p;
        }
        throw new SchedulerException("bundle " + symbolicName + " was installed from '" + location
                + "', which a worker cannot install; supported locations: mvn:group/artifact/version[/type[/classifier]], file:/path");
    }

    /** Where a {@code mvn:} location's file would be in each repository, in order. */
    List<Path> mavenCandidates(String symbolicName, String location) throws SchedulerException {
        String coords = location.substring("mvn:".length());
        int bang = coords.lastIndexOf('!');
        if (bang >= 0) {
            coords = coords.substring(bang + 1); // a repository URL prefix: the coordinates follow '!'
        }
        String[] parts = coords.split("/", -1);
        if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new SchedulerException("bundle " + symbolicName + " has the location '" + location
                    + "', which is not mvn:group/artifact/version[/type[/classifier]]");
        }
        String group = parts[0];
        String artifact = parts[1];
        String version = parts[2];
        String type = parts.length > 3 && !parts[3].isBlank() ? parts[3] : "jar";
        String classifier = parts.length > 4 && !parts[4].isBlank() ? "-" + parts[4] : "";
        String file = artifact + "-" + version + classifier + "." + type;
        List<Path> out = new ArrayList<>();
        for (Path repo : repositories) {
            Path p = repo;
            for (String g : group.split("\\.")) {
                p = p.resolve(g);
            }
            out.add(p.resolve(artifact).resolve(version).resolve(file));
        }
        return out;
    }
}
