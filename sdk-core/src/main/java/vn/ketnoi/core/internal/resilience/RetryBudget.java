package vn.ketnoi.core.internal.resilience;

/**
 * A token bucket of retries: each call earns {@code ratio} of a retry, time earns
 * {@code perSecond}, at most {@code burst} are saved, and each retry spends one. When the provider
 * fails every call, retries are thus held to {@code ratio} of the call rate plus the floor,
 * instead of multiplying the load by the number of attempts. Thread-safe.
 */
final class RetryBudget {
    private final double ratio;
    private final double perSecond;
    private final double burst;
    private double balance; // guarded by this
    private long last; // guarded by this

    RetryBudget(double ratio, double perSecond, int burst) {
        this.ratio = ratio;
        this.perSecond = perSecond;
        this.burst = burst;
        this.balance = burst;
        this.last = System.nanoTime();
    }

    synchronized void deposit() {
        refill();
        balance = Math.min(burst, balance + ratio);
    }

    synchronized boolean tryWithdraw() {
        refill();
        if (balance >= 1) {
            balance -= 1;
            return true;
        }
        return false;
    }

    private void refill() {
        long now = System.nanoTime();
        balance = Math.min(burst, balance + perSecond * (now - last) / 1e9);
        last = now;
    }
}
