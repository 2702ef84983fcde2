package vn.ketnoi.security;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import vn.ketnoi.core.audit.AuditEvent;
import vn.ketnoi.core.audit.FileAuditSink;

/**
 * Run in a child JVM that the test kills: four threads append audit events as fast as they can,
 * and print each sequence number once {@code record} has returned (the record is acknowledged).
 */
public final class AuditWriterMain {
    private AuditWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        FileAuditSink sink = FileAuditSink.open(Path.of(args[0]), Boolean.parseBoolean(args[1]));
        AtomicLong seq = new AtomicLong();
        String padding = "x".repeat(3000);
        Runnable writer = () -> {
            while (true) {
                long n = seq.incrementAndGet();
                sink.record(new AuditEvent(Instant.now(), "population", "population.lookup", "VN:GOV:000.00.15.H29",
                        "VN:canbo.test", "PUBLIC_SERVICE", padding, List.of(Long.toString(n)), List.of("sex"),
                        AuditEvent.OK, 200, "req-" + n));
                synchronized (System.out) {
                    System.out.println("ACK " + n);
                    System.out.flush();
                }
            }
        };
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(writer, "audit-writer-" + i);
            t.start();
        }
    }
}
