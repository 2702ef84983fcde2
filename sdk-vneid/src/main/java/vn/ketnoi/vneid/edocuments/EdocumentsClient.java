package vn.ketnoi.vneid.edocuments;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.config.KetnoiSettings;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.WriteOutcomeUnknownException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.spi.ApiClient;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.vneid.edocuments.internal.SignerCertificate;

/**
 * Issues documents into citizens' VNeID wallets and manages them (protocol section 10).
 *
 * <pre>{@code
 * EdocumentsClient edocs = EdocumentsClient.builder(config)
 *         .signingKey(DocumentSigningKey.of(credentials))
 *         .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678"))
 *         .build();
 * DocumentRecord issued = edocs.issue(document);
 * }</pre>
 *
 * <p><b>Context.</b> Every call carries the client's default {@link RequestContext} (purpose,
 * operator, case number), or the one of a view made with {@link #withContext}, which replaces it
 * as a whole: {@code edocs.withContext(officer).revoke(id, reason)}. A call with neither is
 * refused before anything is sent ({@link InvalidInputException} naming {@code context}).
 *
 * <p><b>Exactly once.</b> Every write carries an {@code Idempotency-Key} made once per logical
 * write, and the body is signed once. Writes are retried by the SDK's one retry layer (the
 * {@code edocuments} service's {@link vn.ketnoi.core.ResilienceOptions}), which sends the same
 * bytes with the same key on every attempt; the provider answers a repeat with the original
 * outcome. When some attempt may have been applied and none got a definite answer, the call
 * fails with {@link WriteOutcomeUnknownException}, carrying the key; {@link #operation(String)}
 * then tells what happened. Every other failure of a write means it was not applied. Use
 * {@link #prepare(Document)} to keep the key and signed document in your own store before sending.
 *
 * <p><b>Async.</b> Every operation has a {@code ...Async} twin returning a
 * {@link CompletableFuture}, on the asynchronous HTTP client, with the same retries, circuit
 * breaker, bulkhead, rate limit and deadlines. The future fails with the exception the
 * synchronous method throws (bad input included: nothing is sent then); cancelling it aborts the
 * exchange in flight and any retry to come. Signing ({@link #prepare(Document)}) runs on the
 * calling thread, before the future is returned.
 *
 * <p><b>Building it.</b> {@link #builder(ClientConfig)} (a runtime of the client's own) or
 * {@link #builder(KetnoiRuntime)} (a shared one), then {@code build()}, as for every Ketnoi client.
 * The verifiers of what the provider and the wallet send back come from the client,
 * {@link #callbackVerifier()} and {@link #documentVerifier(List)} (or
 * {@code CallbackVerifier.builder(client)}, {@code DocumentVerifier.builder(client)} for their
 * options), and share its runtime: one connection pool and one copy of the provider's keys.
 *
 * <p>Thread-safe; close it when done.
 */
public final class EdocumentsClient implements AutoCloseable {
    /**
     * The e-documents service's default id (the sandbox's; the provider issues the real one, set it
     * with {@link ClientConfig.Builder#serviceId}): what each request signature binds as {@code srv}.
     */
    public static final ServiceId SERVICE = ServiceId.parse("VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1");
    private static final int MAX_REASON = 500;
    private static final int MAX_BATCH = 100;

    private final KetnoiRuntime runtime;
    private final boolean ownsRuntime;
    private final ApiClient api;
    private final String base;
    private final DocumentSigningKey signingKey;
    private final @Nullable RequestContext context;
    /** Whether closing this client closes its engine (and runtime, when it made one): false for a view. */
    private final boolean owner;

    private EdocumentsClient(Builder b, KetnoiRuntime runtime, boolean ownsRuntime) {
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        this.api = new ApiClient(runtime, "edocuments", SERVICE, EdocumentsClient::refine);
        this.base = api.serviceBase("/edocuments/v1");
        this.signingKey = b.signingKey;
        this.context = b.context;
        this.owner = true;
    }

    /** A view of {@code of} in {@code context}. */
    private EdocumentsClient(EdocumentsClient of, RequestContext context) {
        this.runtime = of.runtime;
        this.ownsRuntime = false;
        this.api = of.api;
        this.base = of.base;
        this.signingKey = of.signingKey;
        this.context = context;
        this.owner = false;
    }

    /**
     * This client with another context for every call: for example the officer handling a
     * dossier, where the default is a system account. The view shares this client's engine
     * (connections, token, resilience state, signing key); closing it does nothing (close this client).
     *
     * <pre>{@code
     * edocs.withContext(RequestContext.of(Purpose.PUBLIC_SERVICE, officerId).withCaseNumber(dossier))
     *         .revoke(documentId, "issued in error");
     * }</pre>
     *
     * @param context the context, replacing the default as a whole
     * @return the view
     */
    public EdocumentsClient withContext(RequestContext context) {
        if (context == null) {
            throw new InvalidInputException("context", "is required");
        }
        return new EdocumentsClient(this, context);
    }

    /**
     * A builder for this configuration; the client makes a runtime of its own, closed with it.
     * There is no {@code create(config)}: a client needs what an agency configuration does not
     * hold, the document-signing key.
     *
     * @param config the agency's client configuration; its token must be allowed the {@code edocuments} scope
     * @return the builder
     */
    public static Builder builder(ClientConfig config) {
        return new Builder(config, null);
    }

    /**
     * A builder for a client on a shared runtime, whose connection pools, worker threads and
     * provider keys it uses and never closes.
     *
     * @param runtime the runtime of the agency's configuration
     * @return the builder
     */
    public static Builder builder(KetnoiRuntime runtime) {
        if (runtime == null) {
            throw new InvalidInputException("runtime", "is required");
        }
        return new Builder(runtime.config(), runtime);
    }

    // ---- writes ----

    /**
     * Signs a document once and makes its idempotency key, without sending anything.
     *
     * @param document the document; version 1 to issue, the next version to update
     * @return the write, to send with {@link #issue(PreparedWrite)} or {@link #update(PreparedWrite)}
     * @throws InvalidInputException when the signing certificate is not valid now, or the signed
     *         document is larger than a QR code holds ({@value DocumentVerifier#MAX_PRESENTATION_BYTES} bytes)
     */
    public PreparedWrite prepare(Document document) {
        return DocumentPreparation.prepare(document, signingKey, api.config());
    }

    /**
     * Issues a document: {@code prepare(document)} then {@code issue(write)}.
     *
     * @param document version 1 of a new document
     * @return the document as stored, status {@code DELIVERED} (or {@code PENDING} while the wallet has not taken it)
     */
    public DocumentRecord issue(Document document) {
        return issue(prepareIssue(document));
    }

    /**
     * {@link #issue(Document)} without blocking; see the class comment on async calls.
     *
     * @param document version 1 of a new document
     * @return the document as stored, when it completes
     */
    public CompletableFuture<DocumentRecord> issueAsync(Document document) {
        return async(() -> issueRequest(prepareIssue(document)), EdocumentsAnswers::record);
    }

    /**
     * Sends a prepared issuance; the SDK's retry layer repeats it with the same key when no
     * definite answer comes.
     *
     * @param write from {@link #prepare(Document)} or {@link PreparedWrite#restore}
     * @return the document as stored; for a repeat, the original issuance's answer
     * @throws DocumentRefusedException the provider refused the document
     * @throws DocumentConflictException the document id is already used by another issuance
     * @throws WriteOutcomeUnknownException an attempt may have been applied and none got a
     *         definite answer: settle it with {@link #operation(String)}
     */
    public DocumentRecord issue(PreparedWrite write) {
        return EdocumentsAnswers.record(api.call(issueRequest(write)));
    }

    /**
     * {@link #issue(PreparedWrite)} without blocking; see the class comment on async calls.
     *
     * @param write a prepared issuance
     * @return the document as stored, when it completes
     */
    public CompletableFuture<DocumentRecord> issueAsync(PreparedWrite write) {
        return async(() -> issueRequest(write), EdocumentsAnswers::record);
    }

    private PreparedWrite prepareIssue(Document document) {
        if (document != null && document.version() != 1) {
            throw new InvalidInputException("version", "must be 1 to issue; use update for later versions");
        }
        return prepare(document);
    }

    private KetnoiRequest issueRequest(PreparedWrite write) {
        requireWrite(write);
        return writeRequest("POST", URI.create(base + "/documents"), documentBody(write), write.idempotencyKey(),
                "edocuments.issue");
    }

    /**
     * Issues the next version of a document: {@code prepare(next)} then {@code update(write)}.
     *
     * @param next the document with {@code version} one more than the current one
     * @return the document as stored
     */
    public DocumentRecord update(Document next) {
        return update(prepareUpdate(next));
    }

    /**
     * {@link #update(Document)} without blocking; see the class comment on async calls.
     *
     * @param next the document with {@code version} one more than the current one
     * @return the document as stored, when it completes
     */
    public CompletableFuture<DocumentRecord> updateAsync(Document next) {
        return async(() -> updateRequest(prepareUpdate(next)), EdocumentsAnswers::record);
    }

    private PreparedWrite prepareUpdate(Document next) {
        if (next != null && next.version() < 2) {
            throw new InvalidInputException("version", "must be the next version (2 or more) to update");
        }
        return prepare(next);
    }

    /**
     * Sends a prepared update.
     *
     * @param write a prepared write of the next version
     * @return the document as stored
     * @throws DocumentConflictException {@code edocuments.version-conflict} when the version is not the next one
     * @throws WriteOutcomeUnknownException an attempt may have been applied and none got a definite answer
     */
    public DocumentRecord update(PreparedWrite write) {
        return EdocumentsAnswers.record(api.call(updateRequest(write)));
    }

    /**
     * {@link #update(PreparedWrite)} without blocking; see the class comment on async calls.
     *
     * @param write a prepared write of the next version
     * @return the document as stored, when it completes
     */
    public CompletableFuture<DocumentRecord> updateAsync(PreparedWrite write) {
        return async(() -> updateRequest(write), EdocumentsAnswers::record);
    }

    private KetnoiRequest updateRequest(PreparedWrite write) {
        requireWrite(write);
        return writeRequest("PUT", documentUri(write.documentId()), documentBody(write), write.idempotencyKey(),
                "edocuments.update");
    }

    /**
     * Suspends a delivered or accepted document.
     *
     * @param documentId the id
     * @param reason why, 1 to 500 characters, no personal data
     * @return the document
     */
    public DocumentRecord suspend(String documentId, String reason) {
        return EdocumentsAnswers.record(api.call(lifecycleRequest(documentId, "suspend", reason)));
    }

    /**
     * {@link #suspend} without blocking.
     *
     * @param documentId the id
     * @param reason why
     * @return the document, when it completes
     */
    public CompletableFuture<DocumentRecord> suspendAsync(String documentId, String reason) {
        return async(() -> lifecycleRequest(documentId, "suspend", reason), EdocumentsAnswers::record);
    }

    /**
     * Reinstates a suspended document.
     *
     * @param documentId the id
     * @param reason why
     * @return the document
     */
    public DocumentRecord reinstate(String documentId, String reason) {
        return EdocumentsAnswers.record(api.call(lifecycleRequest(documentId, "reinstate", reason)));
    }

    /**
     * {@link #reinstate} without blocking.
     *
     * @param documentId the id
     * @param reason why
     * @return the document, when it completes
     */
    public CompletableFuture<DocumentRecord> reinstateAsync(String documentId, String reason) {
        return async(() -> lifecycleRequest(documentId, "reinstate", reason), EdocumentsAnswers::record);
    }

    /**
     * Revokes a document for good.
     *
     * @param documentId the id
     * @param reason why
     * @return the document
     */
    public DocumentRecord revoke(String documentId, String reason) {
        return EdocumentsAnswers.record(api.call(lifecycleRequest(documentId, "revoke", reason)));
    }

    /**
     * {@link #revoke} without blocking.
     *
     * @param documentId the id
     * @param reason why
     * @return the document, when it completes
     */
    public CompletableFuture<DocumentRecord> revokeAsync(String documentId, String reason) {
        return async(() -> lifecycleRequest(documentId, "revoke", reason), EdocumentsAnswers::record);
    }

    private KetnoiRequest lifecycleRequest(String documentId, String action, String reason) {
        checkDocumentId(documentId);
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "is required");
        }
        if (reason.length() > MAX_REASON) {
            throw new InvalidInputException("reason", "must be at most " + MAX_REASON + " characters");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", reason.strip());
        return writeRequest("POST", URI.create(documentUri(documentId) + "/" + action), ApiClient.toJson(m),
                UUID.randomUUID().toString(), "edocuments." + action);
    }

    /**
     * Issues up to 100 documents in one call; each item succeeds or fails alone.
     *
     * @param documents 1 to 100 documents, version 1, distinct ids
     * @return one result per document, in order
     */
    public BatchIssuance issueBatch(List<Document> documents) {
        KetnoiRequest request = batchRequest(documents);
        return EdocumentsAnswers.batch(api.call(request));
    }

    /**
     * {@link #issueBatch(List)} without blocking; see the class comment on async calls.
     *
     * @param documents 1 to 100 documents, version 1, distinct ids
     * @return one result per document, in order, when it completes
     */
    public CompletableFuture<BatchIssuance> issueBatchAsync(List<Document> documents) {
        return async(() -> batchRequest(documents), EdocumentsAnswers::batch);
    }

    private KetnoiRequest batchRequest(List<Document> documents) {
        if (documents == null || documents.isEmpty() || documents.size() > MAX_BATCH) {
            throw new InvalidInputException("documents", "must hold 1 to " + MAX_BATCH + " documents");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < documents.size(); i++) {
            Document d = documents.get(i);
            if (d == null) {
                throw new InvalidInputException("documents[" + i + "]", "is null");
            }
            if (!ids.add(d.documentId())) {
                throw new InvalidInputException("documents[" + i + "].documentId", "repeats an earlier item's id");
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("document", prepare(d).signedDocument());
            items.add(item);
        }
        return writeRequest("POST", URI.create(base + "/documents:batchIssue"), ApiClient.toJson(Map.of("items", items)),
                UUID.randomUUID().toString(), "edocuments.batch-issue");
    }

    // ---- reads ----

    /**
     * The document's current state.
     *
     * @param documentId the id
     * @return the document
     * @throws DocumentNotFoundException when this agency issued no document with this id
     */
    public DocumentRecord status(String documentId) {
        return EdocumentsAnswers.record(api.call(statusRequest(documentId)));
    }

    /**
     * {@link #status(String)} without blocking.
     *
     * @param documentId the id
     * @return the document, when it completes
     */
    public CompletableFuture<DocumentRecord> statusAsync(String documentId) {
        return async(() -> statusRequest(documentId), EdocumentsAnswers::record);
    }

    private KetnoiRequest statusRequest(String documentId) {
        checkDocumentId(documentId);
        return readRequest("GET", documentUri(documentId), null, "edocuments.status");
    }

    /**
     * The documents this agency issued to a citizen, newest first, fetched lazily {@code pageSize}
     * at a time (each page one {@link #listPage} when iteration reaches it). The ID number goes in
     * the signed body, never in the URL.
     *
     * @param subject the citizen
     * @param pageSize 1 to 100
     * @return the documents; nothing is fetched until iteration starts
     */
    public Paginator<DocumentRecord> list(PersonalIdNumber subject, int pageSize) {
        listRequest(subject, pageSize, null); // bad input fails here, not at the first page
        return Paginator.of(null, token -> listPage(subject, pageSize, token));
    }

    /**
     * One page of {@link #list}: for a caller that keeps the page token itself.
     *
     * @param subject the citizen
     * @param pageSize 1 to 100
     * @param pageToken the previous page's {@linkplain Paginator.Page#nextCursor() next cursor},
     *                  or null for the first page
     * @return the page
     */
    public Paginator.Page<DocumentRecord> listPage(PersonalIdNumber subject, int pageSize,
            @Nullable String pageToken) {
        return EdocumentsAnswers.page(api.call(listRequest(subject, pageSize, pageToken)));
    }

    /**
     * {@link #listPage} without blocking.
     *
     * @param subject the citizen
     * @param pageSize 1 to 100
     * @param pageToken the previous page's next cursor, or null for the first page
     * @return the page, when it completes
     */
    public CompletableFuture<Paginator.Page<DocumentRecord>> listPageAsync(PersonalIdNumber subject, int pageSize,
            @Nullable String pageToken) {
        return async(() -> listRequest(subject, pageSize, pageToken), EdocumentsAnswers::page);
    }

    private KetnoiRequest listRequest(PersonalIdNumber subject, int pageSize, @Nullable String pageToken) {
        if (subject == null) {
            throw new InvalidInputException("subject", "is required");
        }
        if (pageSize < 1 || pageSize > 100) {
            throw new InvalidInputException("pageSize", "must be 1 to 100");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subjectIdNumber", subject.value());
        m.put("pageSize", pageSize);
        if (pageToken != null) {
            m.put("pageToken", pageToken);
        }
        return readRequest("POST", URI.create(base + "/documents:search"), ApiClient.toJson(m), "edocuments.list");
    }

    /**
     * What became of a write sent with this key: settles a write whose answer was lost.
     *
     * <p>This is the documented settlement of a {@link WriteOutcomeUnknownException}: the outcome
     * the provider stored for the key (a record, or the refusal's status), or empty when no write
     * with the key was applied. The look-up is a read, retried like any other.
     *
     * @param idempotencyKey the key, from {@link PreparedWrite#idempotencyKey()} or
     *                       {@link WriteOutcomeUnknownException#idempotencyKey()}
     * @return the outcome, or empty when the provider never received a write with this key (then
     *         it is safe to send it again)
     */
    public Optional<OperationOutcome> operation(String idempotencyKey) {
        KetnoiRequest request = operationRequest(idempotencyKey);
        try {
            return Optional.of(EdocumentsAnswers.outcome(api.call(request)));
        } catch (DocumentNotFoundException e) {
            return notFound(e);
        }
    }

    /**
     * {@link #operation(String)} without blocking.
     *
     * @param idempotencyKey the key
     * @return the outcome, or empty, when it completes
     */
    public CompletableFuture<Optional<OperationOutcome>> operationAsync(String idempotencyKey) {
        CompletableFuture<Optional<OperationOutcome>> call = async(() -> operationRequest(idempotencyKey),
                r -> Optional.of(EdocumentsAnswers.outcome(r)));
        CompletableFuture<Optional<OperationOutcome>> result = call.exceptionallyCompose(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (cause instanceof DocumentNotFoundException d) {
                try {
                    return CompletableFuture.completedFuture(notFound(d));
                } catch (DocumentNotFoundException other) {
                    return CompletableFuture.failedFuture(other);
                }
            }
            return CompletableFuture.failedFuture(cause);
        });
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    private KetnoiRequest operationRequest(String idempotencyKey) {
        if (idempotencyKey == null || !idempotencyKey.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw new InvalidInputException("idempotencyKey", "must be a lower-case hyphenated UUID");
        }
        return readRequest("GET", URI.create(base + "/operations/" + idempotencyKey), null, "edocuments.operation");
    }

    private static Optional<OperationOutcome> notFound(DocumentNotFoundException e) {
        if ("edocuments.operation-not-found".equals(e.errorCode())) {
            return Optional.empty();
        }
        throw e;
    }

    /**
     * A snapshot of this client's health: circuit-breaker state, cached token expiry, certificate
     * expiry. Sends nothing; for health checks.
     *
     * @return the snapshot
     */
    public vn.ketnoi.core.ClientHealth health() {
        return api.health();
    }

    /** {@return the configuration this client was built with} */
    public ClientConfig config() {
        return api.config();
    }

    /**
     * A verifier of the provider's status callbacks on this client's runtime (its connection pool
     * and the provider's keys it caches), with the defaults of {@link CallbackVerifier#builder(EdocumentsClient)}.
     * It works as long as the client is open.
     *
     * @return the verifier; keep one per endpoint (the replay memory lives in it)
     */
    public CallbackVerifier callbackVerifier() {
        return CallbackVerifier.builder(this).build();
    }

    /**
     * A verifier of presented documents on this client's runtime (its connection pool, and the
     * provider's keys its status lists are checked with), with the defaults of
     * {@link DocumentVerifier#builder(EdocumentsClient)}. It works as long as the client is open.
     *
     * @param trustAnchors the certificates agencies' document-signing chains must lead to
     * @return the verifier
     */
    public DocumentVerifier documentVerifier(List<X509Certificate> trustAnchors) {
        return DocumentVerifier.builder(this).trustAnchors(trustAnchors).build();
    }

    /** The runtime this client's exchanges and its verifiers' go over. */
    KetnoiRuntime runtime() {
        return runtime;
    }

    /** Closes the client, and its runtime when it made one; a {@link #withContext} view closes nothing. */
    @Override
    public void close() {
        if (!owner) {
            return;
        }
        api.close();
        if (ownsRuntime) {
            runtime.close();
        }
    }

    // ---- plumbing ----

    /**
     * The async twin of {@code parse(api.call(build()))}: bad input fails the future, and
     * cancelling the future the caller holds reaches the exchange.
     */
    private <T> CompletableFuture<T> async(Supplier<KetnoiRequest> build, Function<KetnoiResponse, T> parse) {
        return api.callAsync(build, parse);
    }

    private KetnoiRequest writeRequest(String method, URI uri, byte[] body, String key, String operation) {
        // Idempotent only because every attempt carries the same key and the same bytes: the core
        // retry layer may then repeat it, and it is the only layer that does.
        return ApiClient.request(method, uri, ApiClient.context(null, context), body, operation)
                .header("Idempotency-Key", key)
                .build();
    }

    private KetnoiRequest readRequest(String method, URI uri, byte[] body, String operation) {
        return ApiClient.request(method, uri, ApiClient.context(null, context), body, operation).build();
    }

    private URI documentUri(String documentId) {
        return URI.create(base + "/documents/" + URLEncoder.encode(documentId, StandardCharsets.UTF_8));
    }

    private static byte[] documentBody(PreparedWrite write) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("document", write.signedDocument());
        return ApiClient.toJson(m);
    }

    private static void requireWrite(PreparedWrite write) {
        if (write == null) {
            throw new InvalidInputException("write", "is required");
        }
    }

    private static void checkDocumentId(String documentId) {
        if (documentId == null || !Document.DOCUMENT_ID.matcher(documentId).matches()) {
            throw new InvalidInputException("documentId", "is required: 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    private static KetnoiServiceException refine(KetnoiServiceException e) {
        String code = e.errorCode();
        switch (code) {
            case "edocuments.document-not-found":
            case "edocuments.operation-not-found":
                return new DocumentNotFoundException(e);
            case "edocuments.illegal-status-change":
            case "edocuments.version-conflict":
            case "edocuments.duplicate-document":
                return new DocumentConflictException(e);
            default:
                return code.startsWith("edocuments.") && e.statusCode() == 422 ? new DocumentRefusedException(e) : e;
        }
    }

    static JsonNode parse(byte[] json) throws IOException {
        return Json.mapper().readTree(json);
    }

    /** Builder of an {@link EdocumentsClient}; not thread-safe. */
    public static final class Builder {
        private final ClientConfig config;
        private final KetnoiRuntime runtime;
        private DocumentSigningKey signingKey;
        private @Nullable RequestContext context;

        private Builder(ClientConfig config, KetnoiRuntime runtime) {
            if (config == null) {
                throw new InvalidInputException("config", "is required");
            }
            this.config = config;
            this.runtime = runtime;
        }

        /**
         * The agency's document-signing key (required).
         *
         * @param key the key documents are signed with
         * @return this builder
         */
        public Builder signingKey(DocumentSigningKey key) {
            this.signingKey = key;
            return this;
        }

        /**
         * The context of every call not made through a {@link EdocumentsClient#withContext} view.
         * Without one, every call must go through such a view.
         *
         * @param context such as {@code RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")}
         * @return this builder
         */
        public Builder context(RequestContext context) {
            if (context == null) {
                throw new InvalidInputException("context", "is required");
            }
            this.context = context;
            return this;
        }

        /**
         * Applies {@code ketnoi.edocuments.operator-id} and {@code ketnoi.edocuments.purpose} from
         * loaded settings ({@code docs/configuration-reference.md}) when the operator is set: the
         * default context ({@link Purpose#PUBLIC_SERVICE} unless the purpose is set).
         *
         * @param settings the settings {@code ConfigLoader} loaded
         * @return this builder
         */
        public Builder settings(KetnoiSettings settings) {
            if (settings == null) {
                throw new InvalidInputException("settings", "is required");
            }
            settings.edocumentsOperatorId().ifPresent(operator -> context(RequestContext.of(
                    settings.edocumentsPurpose().orElse(Purpose.PUBLIC_SERVICE), operator)));
            return this;
        }

        /**
         * The client.
         *
         * @return the client
         * @throws InvalidInputException naming {@code signingKey} when it is missing, or its
         *         certificate is not this agency's
         */
        public EdocumentsClient build() {
            if (signingKey == null) {
                throw new InvalidInputException("signingKey", "is required");
            }
            if (!config.agencyId().equals(SignerCertificate.agencyId(signingKey.certificateChain().get(0)))) {
                throw new InvalidInputException("signingKey.certificate", "its common name is not this agency's id:"
                        + " the wallet and every verifier would refuse the documents it signs");
            }
            if (runtime != null) {
                return new EdocumentsClient(this, runtime, false);
            }
            // A runtime of the client's own, so that the verifiers it hands out can share it too.
            KetnoiRuntime own = KetnoiRuntime.create(config);
            try {
                return new EdocumentsClient(this, own, true);
            } catch (RuntimeException e) {
                own.close();
                throw e;
            }
        }
    }
}
