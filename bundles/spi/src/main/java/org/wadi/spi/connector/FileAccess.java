package org.wadi.spi.connector;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The file roots that confine every connector touching local files. Connectors resolve each path a
 * user gives them here before opening it.
 */
@ProviderType
public interface FileAccess {

    /**
     * Resolves a path or {@code file:} URL to an absolute, normalised path inside one of the
     * configured roots (symbolic links followed for the parts that exist).
     *
     * @param pathOrUrl what the user wrote
     * @return the path to use
     * @throws ConnectorException if it lies outside every root, naming the path and the roots
     */
    Path resolve(String pathOrUrl) throws ConnectorException;
}
