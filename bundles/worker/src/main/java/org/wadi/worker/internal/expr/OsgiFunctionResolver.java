package org.wadi.worker.internal.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The function services registered in this JVM's framework, looked up through this bundle's
 * context when a plan is compiled (not per row). Outside a framework (unit tests) there are none.
 */
final class OsgiFunctionResolver extends FunctionResolver {

    private final BundleContext context;

    private OsgiFunctionResolver(BundleContext context) {
        this.context = context;
    }

    /** The resolver of this bundle's framework, or one without services outside a framework. */
    static FunctionResolver create() {
        Bundle b = FrameworkUtil.getBundle(OsgiFunctionResolver.class);
        BundleContext ctx = b == null ? null : b.getBundleContext();
        return ctx == null ? FunctionResolver.none() : new OsgiFunctionResolver(ctx);
    }

    /** A worker process installs the plan's function bundles just before it builds the plan. */
    @Override
    protected long serviceWaitMillis() {
        return 10_000;
    }

    @Override
    protected <T> List<Registered<T>> services(Class<T> type) {
        List<Registered<T>> out = new ArrayList<>();
        Collection<ServiceReference<T>> refs;
        try {
            refs = context.getServiceReferences(type, null);
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return out;
        }
        for (ServiceReference<T> ref : refs) {
            Bundle owner = ref.getBundle();
            T service = owner == null ? null : context.getService(ref);
            if (service != null) {
                out.add(new Registered<>(service, owner.getSymbolicName(), owner.getVersion().toString()));
            }
        }
        return out;
    }
}
