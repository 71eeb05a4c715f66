package org.wadi.api.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Configurations as Config Admin gives them: every attribute's default, unless overridden here. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** The API's configuration with {@code overrides} by method name (e.g. {@code api_auth_mode}). */
    static ApiConfig api(Map<String, Object> overrides) {
        return (ApiConfig) Proxy.newProxyInstance(ApiConfig.class.getClassLoader(), new Class<?>[] {ApiConfig.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("annotationType")) {
                        return ApiConfig.class;
                    }
                    if (overrides.containsKey(name)) {
                        return overrides.get(name);
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (name) {
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "ApiConfig" + overrides;
                        default -> throw new UnsupportedOperationException(name);
                    };
                });
    }
}
