package nexmark;

/**
 * The Flink twins of Wadi's partial Nexmark variants (see bench/nexmark, Queries.java), run by the
 * Flink baseline's own {@code Bench} with all its settings: this only adds the variants' Flink SQL to
 * its query table. Compiled and started by bench/nexmark/compare.sh against the baseline's build.
 */
public final class FlinkVariants {

    private FlinkVariants() {
    }

    public static void main(String[] args) throws Exception {
        // q5's AuctionBids: bids per auction per hop window (2 s / 10 s); no max per window, no join
        Bench.QUERIES.put("q5-count", "SELECT auction, COUNT(*) AS num\n"
                + "FROM TABLE(HOP(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '2' SECOND, INTERVAL '10' SECOND))\n"
                + "GROUP BY auction, window_start, window_end");
        // q7's B1: the highest price per tumbling 10 s window; no join back to the bids
        Bench.QUERIES.put("q7-max", "SELECT MAX(price) AS maxprice, window_start, window_end\n"
                + "FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND))\n"
                + "GROUP BY window_start, window_end");
        Bench.main(args);
    }
}
