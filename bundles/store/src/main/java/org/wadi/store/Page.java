package org.wadi.store;

import java.util.List;

/**
 * One page of a list ordered by id.
 *
 * @param data the items
 * @param hasMore whether items follow the last one
 */
public record Page<T>(List<T> data, boolean hasMore) {
}
