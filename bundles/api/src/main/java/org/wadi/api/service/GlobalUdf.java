package org.wadi.api.service;

/**
 * A saved function, as Arroyo's {@code GlobalUdf}.
 *
 * @param id {@code udf_…}
 * @param prefix Arroyo's grouping prefix; empty when none
 * @param name the function's SQL name
 * @param language {@code java} for a saved Java source function, {@code bundle} for a function
 *     service of an installed bundle
 * @param createdAt when it was saved (microseconds since the epoch); for a bundle's function, 0
 * @param updatedAt when it last changed (microseconds since the epoch)
 * @param definition the source; for a bundle's function, its signature
 * @param description what it does, or {@code null}
 * @param dylibUrl Arroyo's compiled library; empty in Wadi (Java functions are compiled in the server
 *     and the workers), for a bundle's function the bundle ({@code symbolic-name/version})
 */
public record GlobalUdf(String id, String prefix, String name, String language, long createdAt, long updatedAt,
        String definition, String description, String dylibUrl) {
}
