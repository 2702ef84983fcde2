package vn.ketnoi.core.internal.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires an action when a call's deadline passes: the one timer behind every whole-call and
 * per-exchange deadline in the JVM (sync and async transports, async calls).
 *
 * <p>Nearly every deadline is cancelled long before it is due, so registering and cancelling
 * must cost next to nothing. A {@code ScheduledThreadPoolExecutor} wakes its thread whenever a
 * new task becomes the head of its queue, which with one caller is every call: a futex wake and
 * two context switches per call. Here a registration is an insertion into a concurrent set, and
 * the timer's thread sleeps until the earliest deadline it knows of; a registration wakes it only
 * when its deadline is earlier than that by more than {@link #TOLERANCE_NANOS} (calls that share
 * a timeout register ever later deadlines, so they wake nobody). When it wakes, it fires what is
 * due and sleeps again until the next one, so a thread wakes about once per timeout period under
 * steady traffic, and never when there is none. A deadline fires at most {@code TOLERANCE} late.
 *
 * <p>Actions run on the timer's thread and must not block (they cancel an exchange or flag a
 * context). Thread-safe.
 */
public final class DeadlineTimer {
    static final long TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private static final int AWAKE = 0;
    private static final int SLEEPING_UNTIL = 1; // until wakeAt
    private static final int WAITING_FOR_WORK = 2;

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineTimer.class);
    private static final DeadlineTimer SHARED = new DeadlineTimer("ketnoi-deadline-timer");

    // Membership is the watch's state: whoever removes it (cancel, or the timer firing it) owns it.
    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
    private final AtomicLong registrations = new AtomicLong();
    private final Thread thread;
    private volatile int state = AWAKE;
    /** When the thread will next look, as System.nanoTime(); read only while state is SLEEPING_UNTIL. */
    private volatile long wakeAt;

    DeadlineTimer(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The JVM's timer. */
    public static DeadlineTimer shared() {
        return SHARED;
    }

    /** A registered deadline; cancel it when the work ends first. */
    public static final class Watch {
        private final long dueNanos;
        private final Runnable action;
        private final DeadlineTimer timer;

        private Watch(DeadlineTimer timer, long dueNanos, Runnable action) {
            this.timer = timer;
            this.dueNanos = dueNanos;
            this.action = action;
        }

        /** Stops the action from running; no effect once it has run. */
        public void cancel() {
            timer.watched.remove(this);
        }
    }

    /** Runs {@code action} after {@code delayNanos}, unless cancelled first. */
    public Watch schedule(long delayNanos, Runnable action) {
        Watch w = new Watch(this, System.nanoTime() + Math.max(0, delayNanos), action);
        watched.add(w);
        registrations.incrementAndGet();
        // Read after the increment: either the thread sees this registration before it sleeps, or we see its plan.
        int s = state;
        if (s == WAITING_FOR_WORK || (s == SLEEPING_UNTIL && w.dueNanos - wakeAt < -TOLERANCE_NANOS)) {
            LockSupport.unpark(thread);
        }
        return w;
    }

    private void run() {
        while (true) {
            long seen = registrations.get();
            long now = System.nanoTime();
            boolean any = false;
            long next = 0;
            for (Watch w : watched) {
                if (w.dueNanos - now <= 0) {
                    if (watched.remove(w)) {
                        fire(w);
                    }
                } else if (!any || w.dueNanos - next < 0) {
                    any = true;
                    next = w.dueNanos;
                }
            }
            wakeAt = next;
            state = any ? SLEEPING_UNTIL : WAITING_FOR_WORK;
            if (registrations.get() == seen) { // else something came in while we looked: look again first
                if (any) {
                    LockSupport.parkNanos(this, next - now);
                } else {
                    LockSupport.park(this);
                }
            }
            state = AWAKE; // registrations need not wake us until we have planned again
        }
    }

    private static void fire(Watch w) {
        try {
            w.action.run();
        } catch (RuntimeException | Error e) {
            // The timer must outlive any one action.
            LOG.warn("A deadline action failed: {}", e.getClass().getName());
        }
    }
}
