package org.wadi.launcher.testbundle;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The activator of the bundle the launcher test builds: prints the worker id it was given and
 * then, unless {@code wadi.job.id} is {@code stay} or {@code fail}, stops the framework like a
 * finished worker does.
 */
public final class TestActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        String job = context.getProperty("wadi.job.id");
        if ("fail".equals(job)) {
            throw new IllegalStateException("refusing to start");
        }
        System.out.println("test bundle started for " + context.getProperty("wadi.worker.id"));
        System.out.flush();
        if (!"stay".equals(job)) {
            new Thread(() -> {
                try {
                    context.getBundle(0).stop();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }).start();
        }
    }

    @Override
    public void stop(BundleContext context) {
        System.out.println("test bundle stopped");
        System.out.flush();
    }
}
