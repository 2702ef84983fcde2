package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;
import vn.ketnoi.testsupport.TestClock;

/** The change feed and pushed notifications against the running sandbox. */
@ExtendWith(KetnoiSandboxExtension.class)
class ChangeFeedTest {

    /** An agency register that applies events and remembers which ids it applied: what a consumer keeps. */
    static final class Register {
        final Set<String> applied = new LinkedHashSet<>();
        final List<String> appliedInOrder = new ArrayList<>();
        String committedCursor;
        int duplicatesDropped;

        void apply(ChangeEvent e) {
            if (!applied.add(e.eventId())) {
                duplicatesDropped++;
                return;
            }
            appliedInOrder.add(e.eventId());
        }
    }

    @Test
    void aConsumerThatCrashesBeforeCommittingResumesWithoutLossOrDoubleApply(KetnoiSandbox sandbox,
            PopulationClient population) {
        ChangeFeed feed = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"));
        // The reference: everything in one clean pass.
        List<String> all = new ArrayList<>();
        ChangeCursor c = ChangeCursor.beginning();
        Paginator.Page<ChangeEvent> p;
        do {
            p = feed.read(c, 1000);
            p.items().forEach(e -> all.add(e.eventId()));
            c = ChangeCursor.after(p);
        } while (p.hasMore());
        assertTrue(all.size() >= 240, "the scripted stream holds 240 events");
        assertEquals(all.size(), new LinkedHashSet<>(all).size(), "event ids are unique");

        Register register = new Register();
        // First run: commit after each page; on the third page crash after applying 20 events, uncommitted.
        ChangeCursor cursor = ChangeCursor.beginning();
        boolean crashed = false;
        int pageNo = 0;
        run:
        while (true) {
            Paginator.Page<ChangeEvent> page = feed.read(cursor, 50);
            pageNo++;
            int n = 0;
            for (ChangeEvent e : page.items()) {
                register.apply(e);
                if (pageNo == 3 && ++n == 20) {
                    crashed = true;
                    break run;
                }
            }
            cursor = ChangeCursor.after(page);
            register.committedCursor = cursor.value();
            if (!page.hasMore()) {
                break;
            }
        }
        // Restart: only what was committed survives in the cursor store.
        cursor = register.committedCursor == null ? ChangeCursor.beginning() : ChangeCursor.of(register.committedCursor);
        while (true) {
            Paginator.Page<ChangeEvent> page = feed.read(cursor, 50);
            page.items().forEach(register::apply);
            cursor = ChangeCursor.after(page);
            register.committedCursor = cursor.value();
            if (!page.hasMore()) {
                break;
            }
        }
        assertTrue(crashed);
        assertEquals(all, register.appliedInOrder, "every event applied once, in order");
        assertEquals(20, register.duplicatesDropped, "the events applied before the crash came again and were dropped");
    }

    @Test
    void theFeedAsAPaginatorReadsEachPageWhenReachedAndResumesAfterAFailedPage(KetnoiSandbox sandbox,
            PopulationClient population) {
        ChangeFeed feed = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"));
        List<String> reference = feed.events(ChangeCursor.beginning(), ChangeFeed.MAX_LIMIT).stream()
                .map(ChangeEvent::eventId).toList();
        assertTrue(reference.size() >= 240, "the scripted stream holds 240 events");

        String changes = "/population/v1/changes";
        sandbox.faults().resetCounts();
        Paginator<ChangeEvent> events = feed.events(ChangeCursor.beginning(), 30);
        java.util.Iterator<ChangeEvent> it = events.iterator();
        assertEquals(0, sandbox.faults().callsTo(changes), "nothing is read before iteration");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            seen.add(it.next().eventId());
        }
        assertEquals(1, sandbox.faults().callsTo(changes), "one page in memory, the next not yet read");

        sandbox.faults().add(changes, vn.ketnoi.testkit.SandboxFault.status(500));
        try {
            vn.ketnoi.core.exception.KetnoiException failed =
                    assertThrows(vn.ketnoi.core.exception.KetnoiException.class, it::hasNext);
            assertEquals("server.internal", failed.errorCode(), "the page's failure is the SDK's typed exception");
        } finally {
            sandbox.faults().clear();
        }
        it.forEachRemaining(e -> seen.add(e.eventId()));
        assertEquals(reference, seen, "the iterator went on from the page that failed: nothing lost or repeated");
    }

    @Test
    void aConsumerCheckpointingPagesResumesFromItsCursorAfterARestart(PopulationClient population) {
        ChangeFeed feed = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"));
        Register register = new Register();
        int pagesInFirstRun = 0;
        for (Paginator.Page<ChangeEvent> page : feed.events(ChangeCursor.beginning(), 50).pages()) {
            page.items().forEach(register::apply);
            register.committedCursor = ChangeCursor.after(page).value();
            if (++pagesInFirstRun == 2) {
                break; // the process stops here
            }
        }
        assertEquals(100, register.appliedInOrder.size());

        List<Paginator.Page<ChangeEvent>> rest = new ArrayList<>();
        feed.events(ChangeCursor.of(register.committedCursor), 50).pages().forEach(rest::add);
        rest.forEach(page -> page.items().forEach(register::apply));
        assertEquals(0, register.duplicatesDropped, "the second run starts after the committed page");
        Paginator.Page<ChangeEvent> last = rest.get(rest.size() - 1);
        assertFalse(last.hasMore(), "the paginator stops when the feed is caught up");
        assertTrue(feed.read(ChangeCursor.after(last), 10).items().isEmpty(),
                "the last cursor is where the next run starts: nothing new yet");
        assertEquals(feed.events(ChangeCursor.beginning(), ChangeFeed.MAX_LIMIT).stream().map(ChangeEvent::eventId)
                .toList(), register.appliedInOrder);
    }

    @Test
    @Requirement(value = "R-8.9.3", side = Side.SDK)
    void theFeedIsRepeatableAndTyped(KetnoiSandbox sandbox, PopulationClient population) {
        ChangeFeed feed = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"));
        Paginator.Page<ChangeEvent> a = feed.read(ChangeCursor.beginning(), 40);
        Paginator.Page<ChangeEvent> b = feed.read(ChangeCursor.beginning(), 40);
        assertEquals(a.items().stream().map(ChangeEvent::eventId).toList(),
                b.items().stream().map(ChangeEvent::eventId).toList());
        assertEquals(ChangeCursor.after(a), ChangeCursor.after(b));
        assertTrue(a.hasMore());
        Set<ChangeType> types = new LinkedHashSet<>();
        for (ChangeEvent e : a.items()) {
            types.add(e.type());
            switch (e.type()) {
                case DEATH -> assertTrue(e.deathDate().isPresent());
                case NAME_CHANGE -> assertTrue(e.fullName().isPresent());
                case NEW_ID_CARD -> assertEquals(e.idNumber().value(), e.idCard().orElseThrow().number());
                case RESIDENCE_CHANGE -> assertTrue(e.permanentResidence().isPresent());
                default -> throw new AssertionError(e.type());
            }
            assertFalse(e.toString().contains(e.idNumber().value()));
        }
        assertEquals(4, types.size(), "the script mixes every type");
        String appended = sandbox.appendChange("DEATH", sandbox.population().anyLiving());
        Paginator.Page<ChangeEvent> tail = feed.read(ChangeCursor.beginning(), 1000);
        while (tail.hasMore()) {
            tail = feed.read(ChangeCursor.after(tail), 1000);
        }
        assertEquals(appended, tail.items().get(tail.items().size() - 1).eventId());
    }

    @Test
    @Requirement(value = "R-8.9.2", side = Side.SDK)
    void aLimitedGrantSeesTheEventButNotValuesOutsideIt(KetnoiSandbox sandbox) {
        try (PopulationClient limited = PopulationClient.create(
                vn.ketnoi.testkit.SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            Paginator.Page<ChangeEvent> page = limited.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"))
                    .read(ChangeCursor.beginning(), 200);
            ChangeEvent card = page.items().stream().filter(e -> e.type() == ChangeType.NEW_ID_CARD).findFirst()
                    .orElseThrow();
            assertTrue(card.idCard().isEmpty(), "idCard is outside the limited grant");
            ChangeEvent name = page.items().stream().filter(e -> e.type() == ChangeType.NAME_CHANGE).findFirst()
                    .orElseThrow();
            assertTrue(name.fullName().isPresent(), "fullName is inside the limited grant");
        }
    }

    // ---- notifications ----

    record Received(Map<String, List<String>> headers, byte[] body) {
    }

    /** A tiny agency endpoint on HttpCore that records what it receives and answers 204. */
    static HttpServer receiver(BlockingQueue<Received> inbox) throws IOException {
        HttpServer server = ServerBootstrap.bootstrap()
                .setLocalAddress(InetAddress.getLoopbackAddress())
                .setListenerPort(0)
                .setRequestRouter((request, context) -> (ClassicHttpRequest req, org.apache.hc.core5.http.ClassicHttpResponse res,
                        org.apache.hc.core5.http.protocol.HttpContext ctx) -> {
                    Map<String, List<String>> headers = new LinkedHashMap<>();
                    for (Header h : req.getHeaders()) {
                        headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
                    }
                    byte[] body = req.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(req.getEntity());
                    inbox.add(new Received(headers, body));
                    res.setCode(204);
                })
                .create();
        server.start();
        return server;
    }

    @Test
    @Requirement(value = {"R-8.10.1", "R-8.10.4", "R-8.10.6", "R-8.10.7", "R-8.10.8"}, side = Side.SDK)
    void signedNotificationsAreAcceptedOnceAndForgeriesStaleOrReplaysRefused(KetnoiSandbox sandbox,
            PopulationClient population, ClientConfig config) throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        HttpServer server = receiver(inbox);
        try {
            sandbox.registerNotificationEndpoint(KetnoiSandbox.DEFAULT_AGENCY_ID,
                    URI.create("http://127.0.0.1:" + server.getLocalPort() + "/ketnoi/notifications"));
            SyntheticCitizen c = sandbox.population().anyLiving();
            String eventId = sandbox.appendChange("RESIDENCE_CHANGE", c);
            Received r = inbox.poll(10, TimeUnit.SECONDS);
            assertTrue(r != null, "the sandbox pushed a notification");

            NotificationVerifier verifier = population.notificationVerifier();
            ChangeNotification n = verifier.verify(r.headers(), r.body());
            assertEquals(eventId, n.events().get(0).eventId());
            assertEquals(c.idNumber(), n.events().get(0).idNumber().value());

            // Replay: the very same request again.
            NotificationRejectedException replay = assertThrows(NotificationRejectedException.class,
                    () -> verifier.verify(r.headers(), r.body()));
            assertEquals(NotificationRejectedException.Check.REPLAYED, replay.check());
            assertEquals("notification.replayed", replay.errorCode());

            // A body changed after signing.
            byte[] tampered = new String(r.body(), StandardCharsets.UTF_8).replace("RESIDENCE_CHANGE", "DEATH")
                    .getBytes(StandardCharsets.UTF_8);
            assertEquals(NotificationRejectedException.Check.DIGEST_MISMATCH, assertThrows(
                    NotificationRejectedException.class, () -> population.notificationVerifier()
                            .verify(r.headers(), tampered)).check());

            // A bad signature: the last signature character flipped.
            String sig = header(r, "Ketnoi-Notification-Signature");
            String forged = sig.substring(0, sig.length() - 2) + (sig.endsWith("AA") ? "BB" : "AA");
            assertEquals(NotificationRejectedException.Check.SIGNATURE_INVALID, assertThrows(
                    NotificationRejectedException.class, () -> population.notificationVerifier()
                            .verify(Map.of("Ketnoi-Notification-Signature", List.of(forged)), r.body())).check());

            // No signature at all.
            assertEquals(NotificationRejectedException.Check.SIGNATURE_MISSING, assertThrows(
                    NotificationRejectedException.class, () -> population.notificationVerifier()
                            .verify(Map.of("Content-Type", List.of("application/json")), r.body())).check());

            // Stale: the agency's clock is ten minutes past the signing time.
            TestClock later = TestClock.systemShifted();
            later.shift(Duration.ofMinutes(10));
            try (PopulationClient lateClient = PopulationClient.create(config.toBuilder().clock(later).build())) {
                NotificationRejectedException stale = assertThrows(NotificationRejectedException.class,
                        () -> lateClient.notificationVerifier().verify(r.headers(), r.body()));
                assertEquals(NotificationRejectedException.Check.STALE, stale.check());
            }
        } finally {
            sandbox.registerNotificationEndpoint(KetnoiSandbox.DEFAULT_AGENCY_ID, null);
            server.close(CloseMode.IMMEDIATE);
        }
    }

    private static String header(Received r, String name) {
        return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .findFirst().orElseThrow().getValue().get(0);
    }
}
