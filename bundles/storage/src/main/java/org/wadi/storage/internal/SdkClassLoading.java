package org.wadi.storage.internal;

/**
 * The one place where this bundle touches the thread context class loader, for the embedded AWS
 * SDK.
 *
 * <p>The SDK finds most of what it needs through its own class loader (this bundle's, which holds
 * every embedded jar): partition metadata, warm-up providers, built-in interceptors. What it still
 * looks up through the context class loader are optional classes (the CRT checksums and signers,
 * the STS and SSO credential providers, tried by name through {@code ClassLoaderHelper}) and the
 * StAX factory of its XML parser ({@code XMLInputFactory.newInstance()}, a {@code ServiceLoader}
 * lookup). Inside OSGi the caller's context loader is arbitrary: it may see nothing, or another
 * bundle's copy of those classes, in another version. Running every SDK call with this bundle's
 * loader as the context loader makes those lookups see exactly the embedded SDK (and the JDK's
 * StAX implementation), whoever the caller is.
 */
final class SdkClassLoading {

    private SdkClassLoading() {
    }

    /** A call into the SDK. */
    interface SdkCall<T, E extends Exception> {
        T call() throws E;
    }

    /** Runs {@code call} with this bundle's class loader as the thread's context class loader. */
    static <T, E extends Exception> T call(SdkCall<T, E> call) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SdkClassLoading.class.getClassLoader());
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
