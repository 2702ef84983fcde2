package vn.ketnoi.core.internal.resilience;

/**
 * A token bucket of retries: each call earns {@code ratio} of a retry, time earns
 * {@code perSecond}, at most {@code burst} are saved, and each retry spends one. When the provider
 * fails every call, retries are thus held to {@code ratio} of the call rate plus the floor,
 * instead of multiplying the load by the number of attempts. It is <em>spent</em> from the first
 * refused retry until a whole retry is saved again; {@link #deposit} and {@link #tryWithdraw} say
 * when that changes, so the change is logged once. Thread-safe.
 */
final class RetryBudget {
    private final double ratio;
    private final double perSecond;
    private final double burst;
    private double balance; // guarded by this
    private long last; // guarded by this
    private boolean spent; // guarded by this

    RetryBudget(double ratio, double perSecond, int burst) {
        this.ratio = ratio;
        this.perSecond = perSecond;
        this.burst = burst;
        this.balance = burst;
        this.last = System.nanoTime();
    }

    /** Earns a call's share; {@return true when this ended a spent spell (a whole retry is saved again)} */
    synchronized boolean deposit() {
        refill();
        balance = Math.min(burst, balance + ratio);
        if (spent && balance >= 1) {
            spent = false;
            return true;
        }
        return false;
    }

    /** Takes one retry if saved; {@return whether it was} */
    synchronized boolean tryWithdraw() {
        refill();
        if (balance >= 1) {
            balance -= 1;
            spent = false;
            return true;
        }
        return false;
    }

    /** After a refused {@link #tryWithdraw}: {@return true when this starts a spent spell} */
    synchronized boolean markSpent() {
        boolean was = spent;
        spent = true;
        return !was;
    }

    private void refill() {
        long now = System.nanoTime();
        balance = Math.min(burst, balance + perSecond * (now - last) / 1e9);
        last = now;
    }
}
