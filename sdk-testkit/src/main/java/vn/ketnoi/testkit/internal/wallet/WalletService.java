package vn.ketnoi.testkit.internal.wallet;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.internal.ApiRoute;
import vn.ketnoi.testkit.internal.ProviderKeys;
import vn.ketnoi.testkit.internal.RevocationResponder;
import vn.ketnoi.testkit.internal.SandboxHandler;
import vn.ketnoi.testkit.internal.wallet.Documents.Doc;

/**
 * The sandbox's VNeID wallet (protocol section 10): the route table and the control surface
 * {@code SandboxWallet} drives. Each concept lives in its own class: {@link Documents} (the
 * store and its events), {@link DocumentChecks} and {@link IssuerTrust} (what a document must be,
 * who may sign it), {@link Issuance} (the writes), {@link IdempotentWrites} (idempotency keys and
 * injected faults), {@link Lookups} (the reads), {@link StatusLists} and {@link Callbacks}.
 * Writes are processed one at a time under the store's lock, so a retry that arrives while its
 * first attempt is still being answered finds the stored outcome.
 */
public final class WalletService {
    /** A fault to apply to the next issuances, after the document is stored. */
    public enum Fault { DROP_CONNECTION, UNAVAILABLE, DELAY }

    private final Documents documents;
    private final IssuerTrust trust;
    private final DocumentChecks checks;
    private final Issuance issuance;
    private final IdempotentWrites writes;
    private final Lookups lookups;
    private final StatusLists statusLists;
    private final Callbacks callbacks;

    public WalletService(Supplier<SandboxPopulation> population, Clock clock, Supplier<String> issuer,
                         ProviderKeys providerKeys, RevocationResponder revocation) {
        this.documents = new Documents(clock);
        this.trust = new IssuerTrust(clock, revocation);
        this.checks = new DocumentChecks(population, trust);
        this.issuance = new Issuance(documents, checks);
        this.callbacks = new Callbacks(clock, issuer, providerKeys);
        this.writes = new IdempotentWrites(documents, callbacks::send);
        this.lookups = new Lookups(documents);
        this.statusLists = new StatusLists(documents, clock, issuer, providerKeys);
    }

    /** Registers the routes and the public status-list path on the handler. */
    public void register(SandboxHandler handler) {
        String v1 = "/edocuments/v1";
        handler.addRoute(new ApiRoute("POST", v1 + "/documents", "edocuments",
                c -> writes.write(c, "issue", issuance::issue)));
        handler.addRoute(new ApiRoute("POST", v1 + "/documents:batchIssue", "edocuments",
                c -> writes.write(c, "batch-issue", issuance::batch)));
        handler.addRoute(new ApiRoute("POST", v1 + "/documents:search", "edocuments", lookups::search));
        handler.addRoute(new ApiRoute("GET", v1 + "/documents/{documentId}", "edocuments", lookups::get));
        handler.addRoute(new ApiRoute("PUT", v1 + "/documents/{documentId}", "edocuments",
                c -> writes.write(c, "update", issuance::update)));
        for (String action : List.of("suspend", "reinstate", "revoke")) {
            handler.addRoute(new ApiRoute("POST", v1 + "/documents/{documentId}/" + action, "edocuments",
                    c -> writes.write(c, action, call -> issuance.lifecycle(call, action))));
        }
        handler.addRoute(new ApiRoute("GET", v1 + "/operations/{idempotencyKey}", "edocuments", writes::operation));
        handler.addRawPrefix(StatusLists.PATH, statusLists::handle);
    }

    // ---- controller (SandboxWallet) ----

    public DocumentCa ca() {
        return trust.ca();
    }

    public List<X509Certificate> trustAnchors() {
        return trust.anchors();
    }

    /** From now on, documents signed under this certificate are refused as from an untrusted issuer. */
    public void revokeSigner(X509Certificate certificate) {
        trust.revokeSigner(certificate);
    }

    public void addTrustAnchor(X509Certificate anchor) {
        trust.addAnchor(anchor);
    }

    public void registerExtensionType(String type) {
        checks.registerExtensionType(type);
    }

    public void registerCallback(String agencyId, URI url) {
        callbacks.register(agencyId, url);
    }

    public void holdDeliveries(boolean hold) {
        issuance.holdDeliveries(hold);
    }

    public void injectFault(Fault f, int count, Duration delay) {
        writes.injectFault(f, count, delay);
    }

    public int countDocuments(String subjectIdNumber) {
        synchronized (documents.lock) {
            return (int) documents.all().stream().filter(d -> d.subject.equals(subjectIdNumber)).count();
        }
    }

    public int countDocuments() {
        synchronized (documents.lock) {
            return documents.size();
        }
    }

    public String presentation(String agencyId, String documentId) {
        synchronized (documents.lock) {
            return existing(agencyId, documentId).latest();
        }
    }

    public String status(String agencyId, String documentId) {
        synchronized (documents.lock) {
            return existing(agencyId, documentId).status;
        }
    }

    /** The citizen's side: delivery of a pending document, acceptance, rejection. */
    public void citizenAction(String agencyId, String documentId, String newStatus, String reason) {
        Map<String, Object> event;
        synchronized (documents.lock) {
            Doc d = existing(agencyId, documentId);
            boolean ok = switch (newStatus) {
                case "DELIVERED" -> d.status.equals("PENDING");
                case "ACCEPTED", "REJECTED" -> d.status.equals("DELIVERED");
                default -> false;
            };
            if (!ok) {
                throw new IllegalStateException("a " + d.status + " document cannot become " + newStatus);
            }
            event = documents.change(d, newStatus, reason);
        }
        callbacks.send(event);
    }

    public URI statusListUri(String agencyId) {
        return statusLists.uri(agencyId);
    }

    /** Stops the callback sender. */
    public void close() {
        callbacks.close();
    }

    /** Under the lock: the document, or the test's mistake. */
    private Doc existing(String agencyId, String documentId) {
        Doc d = documents.get(agencyId, documentId);
        if (d == null) {
            throw new IllegalArgumentException("no such document");
        }
        return d;
    }
}
