package org.wadi.connector.kafka.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.internals.TransactionManager;
import org.apache.kafka.common.utils.ProducerIdAndEpoch;

/**
 * Lets a new producer finish a transaction that another producer (of an earlier run of the job)
 * left open and pre-committed: the one thing the Kafka client has no public API for (KIP-939's
 * two-phase commit is not exposed by the client version embedded here). It is Flink's
 * {@code FlinkKafkaInternalProducer.resumeTransaction} technique: put the recorded producer id and
 * epoch into the producer's transaction manager and mark a transaction as in progress, so that
 * {@code commitTransaction()} sends an EndTxn for it.
 *
 * <p>It reaches into the client's internals, so it is tied to the client version embedded in this
 * bundle (4.3.1): the restore tests fail if an upgrade changes them. Transaction protocol version 2
 * (the default of Kafka 4 clusters) is taken into account: the producer first connects (so that
 * it learns the cluster's finalized {@code transaction.version}) and the commit is sent with the
 * protocol the transaction was begun with.
 */
final class TransactionResume {

    private TransactionResume() {
    }

    /** The producer id and epoch of a producer's current transaction. */
    static ProducerIdAndEpoch current(KafkaProducer<?, ?> producer) {
        TransactionManager tm = transactionManager(producer);
        Object v = get(tm, "producerIdAndEpoch");
        return (ProducerIdAndEpoch) v;
    }

    /**
     * Makes {@code producer} (transactional, never initialised, connected) the owner of the open
     * transaction of {@code producerId} at {@code epoch}; then {@code commitTransaction()} commits it.
     */
    static void resume(KafkaProducer<?, ?> producer, long producerId, short epoch) {
        TransactionManager tm = transactionManager(producer);
        synchronized (tm) {
            tm.maybeUpdateTransactionV2Enabled(true);
            transition(tm, "INITIALIZING");
            set(tm, "producerIdAndEpoch", new ProducerIdAndEpoch(producerId, epoch));
            transition(tm, "READY");
            transition(tm, "IN_TRANSACTION");
            // an EndTxn is sent only for a transaction that has written something: this one has
            set(tm, "transactionStarted", true);
        }
    }

    private static TransactionManager transactionManager(KafkaProducer<?, ?> producer) {
        return (TransactionManager) get(producer, KafkaProducer.class, "transactionManager");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void transition(TransactionManager tm, String state) {
        try {
            Class<Enum> states = (Class<Enum>) Class.forName(TransactionManager.class.getName() + "$State", false,
                    TransactionManager.class.getClassLoader());
            Method m = TransactionManager.class.getDeclaredMethod("transitionTo", states);
            m.setAccessible(true);
            m.invoke(tm, Enum.valueOf(states, state));
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
    }

    private static Object get(Object target, String field) {
        return get(target, target.getClass(), field);
    }

    private static Object get(Object target, Class<?> type, String field) {
        try {
            Field f = type.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
    }

    private static void set(Object target, String field, Object value) {
        try {
            Field f = target.getClass().getDeclaredField(field);
            f.setAccessible(true);
            f.set(target, value);
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
    }

    private static IllegalStateException incompatible(Exception e) {
        return new IllegalStateException("the embedded Kafka client does not have the internals that resuming a "
                + "transaction needs (" + e + "); it was written for kafka-clients 4.3.1", e);
    }
}
