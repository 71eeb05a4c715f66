/** The binary form of operator state in checkpoints: compact, primitive, no Java serialization. */
package org.wadi.worker.internal.state;
