package org.wadi.scheduler.process.internal;

import java.util.Optional;
import org.wadi.spi.scheduler.PluginBundle;

/** The bundles installed in the server, by symbolic name. */
@FunctionalInterface
public interface InstalledBundles {

    /** The installed bundle with this symbolic name (the highest version if several), or empty. */
    Optional<PluginBundle> find(String symbolicName);
}
