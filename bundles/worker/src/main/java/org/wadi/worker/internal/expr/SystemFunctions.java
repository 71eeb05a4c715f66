package org.wadi.worker.internal.expr;

import java.util.Locale;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** DataFusion's functions about the engine itself (see {@link FunctionLibrary}). */
public final class SystemFunctions {

    /** As DataFusion's "Apache DataFusion 48.0.0, x86_64 on linux", naming Wadi and its version. */
    private static final String VERSION = "Wadi " + bundleVersion() + ", " + arch() + " on "
            + System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);

    private SystemFunctions() {
    }

    public static String version() {
        return VERSION;
    }

    /** The worker bundle's version; "unknown" outside an OSGi framework (tests). */
    private static String bundleVersion() {
        try {
            Bundle b = FrameworkUtil.getBundle(SystemFunctions.class);
            return b == null ? "unknown" : b.getVersion().toString();
        } catch (NoClassDefFoundError e) {
            // no OSGi API on the class path: the planner's tests run the generated code without it
            return "unknown";
        }
    }

    /** The processor architecture by Rust's name for it, as DataFusion reports it. */
    private static String arch() {
        String a = System.getProperty("os.arch", "unknown");
        return switch (a) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> a;
        };
    }
}
