/**
 * Aggregate functions, shared by the windowed and the updating aggregates: one
 * {@link org.wadi.worker.internal.agg.AggColumn} per aggregate holds its accumulators for all the
 * groups of a table, one slot per group. Counts, sums, averages, minima and maxima keep primitive
 * arrays; the other functions keep one small state object per group. Every column can combine two
 * slots (the panes of a HOP window, merging sessions, a restore at another parallelism), and take
 * rows out again where its input is updating.
 */
package org.wadi.worker.internal.agg;
