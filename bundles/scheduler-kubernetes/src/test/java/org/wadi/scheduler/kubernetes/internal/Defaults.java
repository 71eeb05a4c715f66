package org.wadi.scheduler.kubernetes.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;

/** The configuration annotation with its declared defaults, as SCR gives it without a configuration. */
final class Defaults {

    private Defaults() {
    }

    static KubernetesSchedulerConfig config() {
        return (KubernetesSchedulerConfig) Proxy.newProxyInstance(Defaults.class.getClassLoader(),
                new Class<?>[] {KubernetesSchedulerConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return KubernetesSchedulerConfig.class;
                    }
                    Object d = method.getDefaultValue();
                    if (d == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return d;
                });
    }

    static Class<? extends Annotation> type() {
        return KubernetesSchedulerConfig.class;
    }
}
