package org.wadi.connector.nats.internal;

import org.wadi.formats.BadDataCounter;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;

/**
 * Hands the records a source's decoder drops ({@code bad_data = 'drop'}) to the runtime through
 * the source's context, which counts them and reports them in the job's errors. The decoder is
 * created before the source opens: {@link #around} learns the context when it does.
 */
final class ContextBadData implements BadDataCounter {

    private volatile SourceContext context;

    @Override
    public void dropped(String where, String reason) {
        SourceContext c = context;
        if (c != null) {
            c.badData(where, reason);
        }
    }

    /** {@code source}, telling this counter its context when it opens. */
    Source around(Source source) {
        return new Source() {
            @Override
            public void open(SourceContext ctx) throws Exception {
                context = ctx;
                source.open(ctx);
            }

            @Override
            public SourceStatus poll(Collector out) throws Exception {
                return source.poll(out);
            }

            @Override
            public byte[] snapshot(long epoch) throws Exception {
                return source.snapshot(epoch);
            }

            @Override
            public void close() throws Exception {
                source.close();
            }
        };
    }
}
