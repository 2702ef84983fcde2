package vn.ketnoi.testkit.internal.gateway;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The gateway's counts: forwarded per route, refused per reason, tokens issued. */
public final class Counters {
    private final Map<String, AtomicLong> forwarded = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private final AtomicLong tokensIssued = new AtomicLong();

    void forwarded(String route) {
        forwarded.computeIfAbsent(route, k -> new AtomicLong()).incrementAndGet();
    }

    void refused(String reason) {
        refused.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    void tokenIssued() {
        tokensIssued.incrementAndGet();
    }

    /** {@return requests forwarded, by service id or pass-through path, sorted} */
    public Map<String, Long> forwarded() {
        return snapshot(forwarded);
    }

    /** {@return requests answered by the gateway itself, by reason, sorted} */
    public Map<String, Long> refused() {
        return snapshot(refused);
    }

    public long tokensIssued() {
        return tokensIssued.get();
    }

    public void reset() {
        forwarded.clear();
        refused.clear();
        tokensIssued.set(0);
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
