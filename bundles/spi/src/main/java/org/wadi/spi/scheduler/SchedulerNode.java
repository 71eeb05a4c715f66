package org.wadi.spi.scheduler;

/**
 * A machine a scheduler places workers on, as operators see it (the node scheduler's registered
 * nodes).
 *
 * @param id the node's id
 * @param host its host name
 * @param slots the slots it offers
 * @param freeSlots the slots no worker takes now
 * @param workers the workers it runs now
 */
public record SchedulerNode(String id, String host, int slots, int freeSlots, int workers) {
}
