package org.wadi.scheduler.node.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds the jar a bundle was installed from: {@code mvn:group/artifact/version[/type[/classifier]]}
 * in Maven-layout repositories ({@code system/}), {@code file:…} as it stands (bundles dropped into
 * {@code deploy/}).
 */
public final class BundleJars {

    private final List<Path> repositories;

    public BundleJars(List<Path> repositories) {
        this.repositories = List.copyOf(repositories);
    }

    /** The jar of a bundle installed from {@code location}, if its file is there. */
    public Optional<Path> find(String location) {
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        String loc = location.trim();
        if (loc.startsWith("reference:")) {
            loc = loc.substring("reference:".length());
        }
        if (loc.startsWith("mvn:")) {
            String coords = loc.substring("mvn:".length());
            int bang = coords.lastIndexOf('!');
            if (bang >= 0) {
                coords = coords.substring(bang + 1);
            }
            String[] parts = coords.split("/", -1);
            if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                return Optional.empty();
            }
            String type = parts.length > 3 && !parts[3].isBlank() ? parts[3] : "jar";
            String classifier = parts.length > 4 && !parts[4].isBlank() ? "-" + parts[4] : "";
            String file = parts[1] + "-" + parts[2] + classifier + "." + type;
            for (Path repo : repositories) {
                Path p = repo;
                for (String g : parts[0].split("\\.")) {
                    p = p.resolve(g);
                }
                p = p.resolve(parts[1]).resolve(parts[2]).resolve(file);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
        if (loc.startsWith("file:")) {
            Path p;
            try {
                p = Path.of(URI.create(loc));
            } catch (IllegalArgumentException e) {
                p = Path.of(loc.substring("file:".length()));
            }
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The SHA-256 of a file, in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
