package vn.ketnoi.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Fails a module's test run when its log holds a leak. Registered for every JUnit Platform
 * session through {@code META-INF/services}; when the session closes (all the module's tests have
 * run and logged at their configured levels), it scans the log file every module's
 * {@code logback-test.xml} writes, {@code target/test.log} (or the file named by the system
 * property {@code ketnoi.leakcheck.log}), and throws, failing the build, on any finding.
 *
 * <p>The log is appended to across runs (child JVMs that tests start share it, so no run may
 * truncate it); the listener notes its size when the session opens and scans only what the
 * session wrote.
 */
public class LeakCheckListener implements LauncherSessionListener {
    private final Path log;
    private final LeakCheck check;
    private volatile long sessionStart;

    /** The listener the JUnit Platform loads. */
    public LeakCheckListener() {
        this(Path.of(System.getProperty("ketnoi.leakcheck.log", "target/test.log")), null);
    }

    /**
     * A listener over another log, for tests of the check itself.
     *
     * @param log the log file
     * @param check the check; {@code null} for {@link LeakCheck#standard()}
     */
    public LeakCheckListener(Path log, LeakCheck check) {
        this.log = log;
        this.check = check;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            sessionStart = Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            sessionStart = 0; // scan the whole file: slower, never less safe
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (Boolean.getBoolean("ketnoi.leakcheck.skip")) {
            return;
        }
        List<String> findings = (check == null ? LeakCheck.standard() : check).scan(log, sessionStart);
        if (!findings.isEmpty()) {
            throw new LeakFoundError("Leak check: " + findings.size() + " finding(s) in " + log.toAbsolutePath()
                    + "\n  " + String.join("\n  ", findings.subList(0, Math.min(50, findings.size()))));
        }
    }

    /** What the listener throws; an Error so that no test framework swallows it as a test failure. */
    public static final class LeakFoundError extends AssertionError {
        private static final long serialVersionUID = 1L;

        LeakFoundError(String message) {
            super(message);
        }
    }
}
