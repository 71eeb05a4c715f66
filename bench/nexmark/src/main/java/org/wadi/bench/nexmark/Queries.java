package org.wadi.bench.nexmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Nexmark queries in Wadi's SQL (Arroyo's dialect), with the semantics of the Flink baseline's
 * {@code Bench.java}. The nexmark table has one row per event with three STRUCT columns, exactly
 * one of them set: {@code person}, {@code auction}, {@code bid}; the baseline's views {@code bid}
 * etc. are {@code WHERE bid IS NOT NULL} here.
 *
 * <p>The eight baseline queries keep their names and their full meaning; where Wadi cannot plan
 * one yet, the benchmark reports it unsupported rather than running something simpler under its
 * name. Partial variants, the heavy inner part of a query Wadi can run, have names of their own
 * ({@code q5-count}) and say what they leave out.
 */
final class Queries {

    /**
     * A query.
     *
     * @param sql the SELECT written into the blackhole sink
     * @param partialOf the baseline query this is a part of, or {@code null} for a baseline query
     * @param note what a partial variant computes and leaves out
     */
    record Query(String sql, String partialOf, String note) {
    }

    /** The baseline's queries, in its order: what {@code all} runs. */
    static final List<String> BASELINE = List.of("q0", "q1", "q2", "q3", "q4", "q5", "q7", "q8");

    static final Map<String, Query> ALL = new LinkedHashMap<>();

    private static final String BIDS = "FROM nexmark WHERE bid IS NOT NULL";

    static {
        // q0: pass-through
        full("q0", "SELECT bid.auction AS auction, bid.bidder AS bidder, bid.price AS price,"
                + " bid.\"datetime\" AS date_time, bid.extra AS extra " + BIDS);
        // q1: currency conversion (dollars to euros)
        full("q1", "SELECT bid.auction AS auction, bid.bidder AS bidder, 0.908 * bid.price AS price,"
                + " bid.\"datetime\" AS date_time, bid.extra AS extra " + BIDS);
        // q2: selection
        full("q2", "SELECT bid.auction AS auction, bid.price AS price " + BIDS
                + " AND MOD(bid.auction, 123) = 0");
        // q3: local item suggestion (regular join auction x person)
        full("q3", """
                SELECT P.name AS name, P.city AS city, P.state AS state, A.id AS id
                FROM (SELECT auction.id AS id, auction.seller AS seller, auction.category AS category
                      FROM nexmark WHERE auction IS NOT NULL) AS A
                JOIN (SELECT person.id AS id, person.name AS name, person.city AS city, person.state AS state
                      FROM nexmark WHERE person IS NOT NULL) AS P
                  ON A.seller = P.id
                WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')""");
        // q4: average closing price per category (join, then updating aggregates)
        full("q4", """
                SELECT Q.category AS category, avg(Q.final) AS avg_final
                FROM (
                  SELECT max(B.price) AS final, A.category AS category
                  FROM (SELECT auction.id AS id, auction.category AS category, auction."datetime" AS date_time,
                               auction.expires AS expires
                        FROM nexmark WHERE auction IS NOT NULL) AS A,
                       (SELECT bid.auction AS auction, bid.price AS price, bid."datetime" AS date_time
                        FROM nexmark WHERE bid IS NOT NULL) AS B
                  WHERE A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
                  GROUP BY A.id, A.category
                ) AS Q
                GROUP BY Q.category""");
        // q5: hot items (hop 2 s / 10 s; the auctions with the most bids per window)
        full("q5", """
                SELECT AuctionBids.auction AS auction, AuctionBids.num AS num
                FROM (
                  SELECT bid.auction AS auction, count(*) AS num,
                         hop(interval '2 second', interval '10 second') AS window
                  FROM nexmark WHERE bid IS NOT NULL
                  GROUP BY 1, 3
                ) AS AuctionBids
                JOIN (
                  SELECT max(CountBids.num) AS maxn, CountBids.window AS window
                  FROM (
                    SELECT bid.auction AS auction, count(*) AS num,
                           hop(interval '2 second', interval '10 second') AS window
                    FROM nexmark WHERE bid IS NOT NULL
                    GROUP BY 1, 3
                  ) AS CountBids
                  GROUP BY CountBids.window
                ) AS MaxBids
                ON AuctionBids.window = MaxBids.window AND AuctionBids.num >= MaxBids.maxn""");
        // q7: highest bid per tumbling 10 s window (the bids whose price is their window's maximum)
        full("q7", """
                SELECT B.auction AS auction, B.price AS price, B.bidder AS bidder, B.date_time AS date_time,
                       B.extra AS extra
                FROM (SELECT bid.auction AS auction, bid.price AS price, bid.bidder AS bidder,
                             bid."datetime" AS date_time, bid.extra AS extra
                      FROM nexmark WHERE bid IS NOT NULL) AS B
                JOIN (SELECT max(bid.price) AS maxprice, tumble(interval '10 second') AS window
                      FROM nexmark WHERE bid IS NOT NULL GROUP BY 2) AS B1
                  ON B.price = B1.maxprice
                WHERE B.date_time BETWEEN B1.window.end - interval '10' second AND B1.window.end""");
        // q8: monitor new users (people who opened an auction in the 10 s window they registered in)
        full("q8", """
                SELECT P.id AS id, P.name AS name, P.window.start AS starttime
                FROM (SELECT person.id AS id, person.name AS name, tumble(interval '10 second') AS window
                      FROM nexmark WHERE person IS NOT NULL GROUP BY 1, 2, 3) AS P
                JOIN (SELECT auction.seller AS seller, tumble(interval '10 second') AS window
                      FROM nexmark WHERE auction IS NOT NULL GROUP BY 1, 2) AS A
                  ON P.id = A.seller AND P.window = A.window""");

        // partial variants: each has a Flink twin in bench/nexmark/flink (FlinkVariants.java)
        partial("q5-count", "q5", "SELECT bid.auction AS auction, count(*) AS num " + BIDS
                + " GROUP BY hop(interval '2 second', interval '10 second'), bid.auction",
                "q5's AuctionBids only: bids per auction per hop window (2 s / 10 s); no max per window, no join");
        partial("q7-max", "q7", "SELECT max(bid.price) AS maxprice, tumble(interval '10 second') AS window " + BIDS
                + " GROUP BY 2", "q7's B1 only: the highest price per tumbling 10 s window; no join back to the bids");
    }

    private Queries() {
    }

    private static void full(String name, String sql) {
        ALL.put(name, new Query(sql, null, null));
    }

    private static void partial(String name, String of, String sql, String note) {
        ALL.put(name, new Query(sql, of, note));
    }
}
