package org.wadi.scheduler.process.internal;

import java.lang.annotation.Annotation;

/** The configuration with every attribute at its declared default, as Config Admin gives it when nothing is configured. */
final class Defaults {

    static final ProcessSchedulerConfig CONFIG = new ProcessSchedulerConfig() {
        @Override
        public Class<? extends Annotation> annotationType() {
            return ProcessSchedulerConfig.class;
        }

        @Override
        public String worker_jvm_options() {
            return defaultValue("worker_jvm_options", String.class);
        }

        @Override
        public String[] worker_bundles() {
            return defaultValue("worker_bundles", String[].class);
        }

        @Override
        public String worker_java() {
            return defaultValue("worker_java", String.class);
        }

        @Override
        public long worker_stop_timeout_ms() {
            return defaultValue("worker_stop_timeout_ms", Long.class);
        }

        @Override
        public int worker_standby() {
            return defaultValue("worker_standby", Integer.class);
        }

        @Override
        public long worker_idle_timeout_ms() {
            return defaultValue("worker_idle_timeout_ms", Long.class);
        }
    };

    private Defaults() {
    }

    private static <T> T defaultValue(String attribute, Class<T> type) {
        try {
            Object v = ProcessSchedulerConfig.class.getMethod(attribute).getDefaultValue();
            @SuppressWarnings("unchecked")
            T t = (T) v;
            return t;
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
