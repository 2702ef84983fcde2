package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import vn.ketnoi.testsupport.LeakCheck;
import vn.ketnoi.testsupport.LeakCheckListener;

/** The whole-suite leak check fails the run when a leak is planted, and passes a clean log. */
class LeakCheckTest {

    @Test
    void aPlantedLeakFailsTheSession() {
        Path planted = Path.of("target/planted-leak.log");
        LauncherConfig config = LauncherConfig.builder()
                .enableLauncherSessionListenerAutoRegistration(false)
                .addLauncherSessionListeners(new LeakCheckListener(planted, null))
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherSession session = LauncherFactory.openSession(config);
        session.getLauncher().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(PlantedLeakFixture.class)).build(), summary);
        assertEquals(1, summary.getSummary().getTestsSucceededCount(), "the fixture ran");
        LeakCheckListener.LeakFoundError e = assertThrows(LeakCheckListener.LeakFoundError.class, session::close);
        assertTrue(e.getMessage().contains("unmasked value of the synthetic population"), e.getMessage());
        // The report says where and what kind, never the value.
        assertTrue(e.getMessage().matches("(?s).*planted-leak\\.log:\\d+: an unmasked.*"), e.getMessage());
    }

    @Test
    void credentialsAreFoundAndMaskedFormsAreNot(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("test.log");
        Files.writeString(log, String.join("\n",
                "DEBUG token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4eHh4eHh4In0.c2lnbmF0dXJlc2lnbmF0dXJlc2ln",
                "DEBUG Authorization: Bearer abcdefghijklmnop",
                "DEBUG -----BEGIN PRIVATE KEY-----",
                "DEBUG masked: Bearer ***, id 001*******45, N. V. A.",
                ""));
        List<String> findings = LeakCheck.of(java.util.Set.of()).scan(log);
        assertEquals(3, findings.size(), findings.toString());
        assertTrue(findings.stream().noneMatch(f -> f.contains(":4:")));
    }

    @Test
    void onlyTheSessionsPartIsScannedAndValuesAreFoundAnywhereInALine(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("test.log");
        String earlier = "INFO an earlier run leaked Trần Thị Bích Ngọc\n";
        Files.writeString(log, earlier + "INFO clean\n"
                + "INFO x=1,Trần Thị Bích Ngọc; and more\n"
                + "INFO almost Trần Thị Bích Ngọ\n");
        LeakCheck check = LeakCheck.of(java.util.Set.of("Trần Thị Bích Ngọc", "Nguyễn Văn Minh"));
        long offset = earlier.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;

        List<String> findings = check.scan(log, offset);
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).startsWith("test.log:3: an unmasked value"), findings.toString());
        assertEquals(2, check.scan(log).size(), "the whole file holds two");
        // A file shorter than the offset was truncated since: all of it is this session's.
        assertEquals(2, check.scan(log, Long.MAX_VALUE).size());
        assertThrows(IllegalArgumentException.class, () -> LeakCheck.of(java.util.Set.of("short")));
    }

    @Test
    void theStandardCheckKnowsThePopulation() {
        assertTrue(LeakCheck.standard().valueCount() > 10_000);
    }
}
