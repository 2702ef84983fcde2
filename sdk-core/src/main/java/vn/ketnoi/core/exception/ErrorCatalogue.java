package vn.ketnoi.core.exception;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every error code the SDK raises, with the exception that carries it, where it comes from and
 * whether it is retryable: the one list that {@code docs/errors.md} is checked against, in both
 * directions, by the docs' tests. A code in angle brackets is a family ({@code token.<error>} is
 * {@code token.invalid_client}, {@code token.invalid_scope}...).
 *
 * <p>A provider may send a code this version does not list (the protocol grows); it still arrives
 * as a {@link KetnoiServiceException} typed by its status ({@code docs/errors.md}), and
 * {@link #find(String)} answers empty for it.
 */
public final class ErrorCatalogue {

    /** Where a code comes from. */
    public enum Source {
        /** A provider's signed problem document (protocol section 11). */
        PROVIDER,
        /** A token endpoint's OAuth 2.0 error (RFC 6749 section 5.2). */
        TOKEN_ENDPOINT,
        /** The exchange layer (LGSP/NDXP), unsigned. */
        EXCHANGE_LAYER,
        /** The VNeID OpenID provider. */
        VNEID_PROVIDER,
        /** The SDK itself, about the input, an answer, the transport or the client's own state. */
        SDK
    }

    /** What {@link KetnoiException#isRetryable()} says for the code. */
    public enum Retry {
        /** Never: the same call fails the same way. */
        NO,
        /** Always (a call that was not applied, or one that is safe to repeat anyway). */
        YES,
        /** Only for a call that is safe to repeat (reads; writes with an idempotency key). */
        IF_SAFE_TO_REPEAT,
        /** As the provider's signed answer says, or by status (429 and 5xx). */
        AS_ANSWERED
    }

    /**
     * One code.
     *
     * @param code      the code, or a family with one {@code <placeholder>}
     * @param exception the fully qualified name of the exception class that carries it
     * @param source    where it comes from
     * @param retry     what {@code isRetryable()} says
     */
    public record ErrorCode(String code, String exception, Source source, Retry retry) {
        /**
         * Whether a concrete code is this one or belongs to this family.
         *
         * @param concrete an error code as received
         * @return whether this entry covers it
         */
        public boolean matches(String concrete) {
            if (concrete == null) {
                return false;
            }
            StringBuilder regex = new StringBuilder();
            int at = 0;
            for (int open = code.indexOf('<'); open >= 0; open = code.indexOf('<', at)) {
                regex.append(Pattern.quote(code.substring(at, open))).append("[A-Za-z0-9_.-]+");
                at = code.indexOf('>', open) + 1;
            }
            regex.append(Pattern.quote(code.substring(at)));
            return Pattern.matches(regex.toString(), concrete);
        }
    }

    private static final String CORE = "vn.ketnoi.core.exception.";
    private static final String POPULATION = "vn.ketnoi.population.";
    private static final String AUTH = "vn.ketnoi.vneid.auth.";
    private static final String EDOCS = "vn.ketnoi.vneid.edocuments.";
    private static final String CIVIL = "vn.ketnoi.civilstatus.";
    private static final List<ErrorCode> ALL;

    static {
        List<ErrorCode> a = new ArrayList<>();
        // Provider problem documents (protocol section 11).
        provider(a, CORE + "AuthenticationException", Retry.NO, "auth.token-missing", "auth.token-invalid");
        provider(a, CORE + "AccessDeniedException", Retry.NO, "auth.forbidden");
        provider(a, CORE + "SignatureRejectedException", Retry.NO, "signature.missing", "signature.malformed",
                "signature.algorithm-not-allowed", "signature.unknown-key", "signature.invalid",
                "signature.binding-mismatch", "signature.digest-mismatch", "signature.replayed");
        provider(a, CORE + "SignatureRejectedException", Retry.YES, "signature.stale");
        provider(a, CORE + "InvalidRequestException", Retry.NO, "request.invalid", "request.too-large",
                "request.unsupported-media-type", "request.not-found", "request.method-not-allowed",
                "request.idempotency-conflict");
        provider(a, CORE + "InvalidRequestException", Retry.YES, "request.idempotency-in-progress");
        provider(a, CORE + "RateLimitedException", Retry.YES, "rate-limited");
        provider(a, CORE + "ServiceUnavailableException", Retry.AS_ANSWERED, "server.internal", "server.unavailable");
        provider(a, POPULATION + "CitizenNotFoundException", Retry.NO, "population.citizen-not-found");
        provider(a, POPULATION + "IdentityMismatchException", Retry.NO, "population.identity-mismatch");
        provider(a, POPULATION + "FieldNotGrantedException", Retry.NO, "population.field-not-granted");
        provider(a, POPULATION + "ConsentRequiredException", Retry.NO, "population.consent-required");
        provider(a, CORE + "KetnoiServiceException", Retry.NO, "population.household-not-found",
                "population.job-not-found", "population.job-conflict", "population.cursor-expired");
        provider(a, CORE + "KetnoiServiceException", Retry.AS_ANSWERED, "population.job-not-finished");
        provider(a, CIVIL + "RegistrationNotFoundException", Retry.NO, "civil-status.registration-not-found");
        provider(a, CIVIL + "AlreadyRegisteredException", Retry.NO, "civil-status.already-registered");
        provider(a, EDOCS + "DocumentNotFoundException", Retry.NO, "edocuments.document-not-found",
                "edocuments.operation-not-found");
        provider(a, EDOCS + "DocumentRefusedException", Retry.NO, "edocuments.signature-invalid",
                "edocuments.untrusted-issuer", "edocuments.certificate-expired", "edocuments.unknown-type",
                "edocuments.subject-not-found", "edocuments.subject-not-eligible");
        provider(a, EDOCS + "DocumentConflictException", Retry.NO, "edocuments.duplicate-document",
                "edocuments.version-conflict", "edocuments.illegal-status-change");
        // Token endpoints and the exchange layer.
        a.add(new ErrorCode("token.<error>", CORE + "AuthenticationException", Source.TOKEN_ENDPOINT, Retry.AS_ANSWERED));
        a.add(new ErrorCode("exchange.<type>", CORE + "ExchangeLayerException", Source.EXCHANGE_LAYER,
                Retry.IF_SAFE_TO_REPEAT));
        // A gateway's own unsigned error answer, typed by its status.
        exchange(a, CORE + "GatewayCredentialException", Retry.NO, "exchange.gateway-credential-refused");
        exchange(a, CORE + "RouteForbiddenException", Retry.NO, "exchange.route-forbidden");
        exchange(a, CORE + "RouteUnknownException", Retry.NO, "exchange.route-unknown");
        exchange(a, CORE + "QuotaExceededException", Retry.IF_SAFE_TO_REPEAT, "exchange.quota-exceeded");
        exchange(a, CORE + "GatewayUnavailableException", Retry.IF_SAFE_TO_REPEAT, "exchange.gateway-unavailable");
        exchange(a, CORE + "ExchangeLayerException", Retry.NO, "exchange.gateway-error");
        // The SDK's own.
        sdk(a, CORE + "InvalidInputException", Retry.NO, "input.invalid");
        sdk(a, CORE + "ResponseVerificationException", Retry.NO, "response.signature-missing",
                "response.signature-invalid", "response.unknown-key", "response.binding-mismatch",
                "response.digest-mismatch", "response.stale", "response.malformed", "response.too-large",
                "response.limits");
        sdk(a, CORE + "TransportException", Retry.YES, "transport.connect-failed");
        sdk(a, CORE + "TransportException", Retry.IF_SAFE_TO_REPEAT, "transport.io", "transport.timeout");
        sdk(a, CORE + "TransportException", Retry.NO, "transport.insecure-url", "transport.tls-untrusted",
                "transport.tls-expired", "transport.tls-hostname", "transport.tls-protocol",
                "transport.tls-client-certificate", "transport.tls-handshake", "transport.tls-certificate-revoked",
                "transport.tls-certificate-status-unknown", "client.closed", "client.cancelled",
                "client.interrupted");
        sdk(a, CORE + "CircuitOpenException", Retry.NO, "client.circuit-open");
        sdk(a, CORE + "BulkheadFullException", Retry.NO, "client.bulkhead-full");
        sdk(a, CORE + "CallRejectedException", Retry.NO, "client.workers-busy");
        sdk(a, CORE + "ClientRateLimitedException", Retry.NO, "client.rate-limited");
        sdk(a, CORE + "SharedQuotaUnavailableException", Retry.YES, "client.rate-limit-unavailable");
        sdk(a, CORE + "WriteOutcomeUnknownException", Retry.NO, "write.outcome-unknown");
        sdk(a, CORE + "KetnoiException", Retry.NO, "signing.failed");
        sdk(a, CORE + "KetnoiException", Retry.NO, "credentials.certificate-revoked",
                "credentials.certificate-status-unknown");
        sdk(a, "vn.ketnoi.core.audit.AuditTrailException", Retry.NO, "audit.trail-damaged");
        sdk(a, POPULATION + "wire.WireProfileException", Retry.NO, "profile.operation-unsupported",
                "profile.transport-only-refused");
        sdk(a, POPULATION + "NotificationRejectedException", Retry.NO, "notification.signature-missing",
                "notification.malformed", "notification.algorithm-not-allowed", "notification.unknown-key",
                "notification.signature-invalid", "notification.binding-mismatch", "notification.digest-mismatch",
                "notification.stale", "notification.replayed");
        sdk(a, EDOCS + "CallbackRejectedException", Retry.NO, "callback.signature-missing",
                "callback.signature-malformed", "callback.unknown-key", "callback.signature-invalid",
                "callback.binding-mismatch", "callback.digest-mismatch", "callback.stale", "callback.malformed",
                "callback.replayed");
        // VNeID sign-in.
        sdk(a, AUTH + "StateMismatchException", Retry.NO, "vneid.state-mismatch");
        sdk(a, AUTH + "LoginStateException", Retry.NO, "vneid.login-state.tampered", "vneid.login-state.expired");
        sdk(a, AUTH + "TokenValidationException", Retry.NO, "vneid.token-check.<check>");
        sdk(a, AUTH + "InsufficientLevelException", Retry.NO, "vneid.level-insufficient");
        sdk(a, AUTH + "VneidAuthException", Retry.NO, "vneid.<endpoint>.invalid-response",
                "vneid.par.unsupported", "vneid.ciba.unsupported", "vneid.logout.unsupported",
                "vneid.userinfo.unsupported", "vneid.authorize.code-missing", "vneid.discovery.issuer-mismatch",
                "vneid.discovery.invalid", "vneid.discovery.insecure-endpoint", "vneid.level-unsupported");
        sdk(a, AUTH + "VneidAuthException", Retry.YES, "vneid.ciba.interrupted");
        a.add(new ErrorCode("vneid.<endpoint>.http-<status>", AUTH + "VneidAuthException", Source.VNEID_PROVIDER,
                Retry.AS_ANSWERED));
        a.add(new ErrorCode("vneid.<endpoint>.<oauth error>", AUTH + "VneidAuthException", Source.VNEID_PROVIDER,
                Retry.NO));
        ALL = Collections.unmodifiableList(a);
    }

    private ErrorCatalogue() {
    }

    private static void provider(List<ErrorCode> out, String exception, Retry retry, String... codes) {
        for (String c : codes) {
            out.add(new ErrorCode(c, exception, Source.PROVIDER, retry));
        }
    }

    private static void exchange(List<ErrorCode> out, String exception, Retry retry, String... codes) {
        for (String c : codes) {
            out.add(new ErrorCode(c, exception, Source.EXCHANGE_LAYER, retry));
        }
    }

    private static void sdk(List<ErrorCode> out, String exception, Retry retry, String... codes) {
        for (String c : codes) {
            out.add(new ErrorCode(c, exception, Source.SDK, retry));
        }
    }

    /**
     * Every code and family, in the order of {@code docs/errors.md}'s tables.
     *
     * @return every code, in the order of docs/errors.md
     */
    public static List<ErrorCode> all() {
        return ALL;
    }

    /**
     * The entry for a concrete code: an exact code first, else the first family it belongs to.
     *
     * @param code a code as {@link KetnoiException#errorCode()} returns it
     * @return the entry, or empty for a code this version does not know
     */
    public static Optional<ErrorCode> find(String code) {
        for (ErrorCode e : ALL) {
            if (e.code().indexOf('<') < 0 && e.code().equals(code)) {
                return Optional.of(e);
            }
        }
        return ALL.stream().filter(e -> e.code().indexOf('<') >= 0 && e.matches(code)).findFirst();
    }
}
