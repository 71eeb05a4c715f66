/**
 * The data exchange between worker processes: one TCP connection (Netty) from each worker to each
 * peer it sends rows to, multiplexing the channels of every (edge, source subtask, target subtask)
 * pair across them, with credit-based flow control per channel so that a slow consumer slows its
 * remote producers without memory growing and without holding up the other channels.
 */
package org.wadi.worker.internal.net;
