package org.wadi.spi.scheduler;

/**
 * A bundle a worker needs in addition to the worker bundle set: a connector or function bundle, as
 * installed in the server (including ones dropped into {@code deploy/}).
 *
 * @param symbolicName the bundle's symbolic name
 * @param version its version
 * @param location where the server installed it from ({@code mvn:…} or {@code file:…})
 */
public record PluginBundle(String symbolicName, String version, String location) {
}
