package vn.ketnoi.core.config;

import static vn.ketnoi.core.internal.config.KeyTable.FILE_SUFFIX;
import static vn.ketnoi.core.internal.config.KeyTable.NAMED;
import static vn.ketnoi.core.internal.config.KeyTable.PREFIX;
import static vn.ketnoi.core.internal.config.KeyTable.SERVICES;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.RevocationOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.Pkcs11Settings;
import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.exchange.GatewayCredentials;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.internal.config.KeyTable;
import vn.ketnoi.core.internal.config.Sources;
import vn.ketnoi.core.internal.config.Sources.Source;
import vn.ketnoi.core.internal.config.Values;
import vn.ketnoi.core.spi.ConfigKeys;

/**
 * Turns one set of checked values into {@link ClientConfig} and {@link KetnoiSettings}: what each
 * key means. Which keys exist is {@link KeyTable}'s, where values come from {@link Sources}'s, how
 * a value is parsed {@link Values}'.
 */
final class SettingsReader extends Values {
    private final List<ConfigKeys.Key> contributed;

    SettingsReader(Map<String, Source> values, List<ConfigKeys.Key> contributed) {
        super(values);
        this.contributed = contributed;
    }

    KetnoiSettings read() {
        ClientConfig.Builder b = ClientConfig.builder();
        String endpoint = PREFIX + "endpoint";
        b.endpoint(url(endpoint));
        b.agencyId(string(PREFIX + "agency-id"));
        b.tokenEndpoint(url(PREFIX + "token-endpoint"));
        b.providerIssuer(string(PREFIX + "provider-issuer"));
        b.jwksUri(url(PREFIX + "jwks-uri"));
        Duration skew = duration(PREFIX + "clock-skew");
        if (skew != null) {
            b.clockSkew(skew);
        }
        b.credentials(credentials(PREFIX + "credentials.", true));
        b.httpOptions(http());
        b.proxy(proxy());
        b.revocation(revocation());

        ResilienceOptions all = resilience(PREFIX + "resilience.", ResilienceOptions.defaults());
        b.resilience(all);
        for (String service : SERVICES) {
            String prefix = PREFIX + "resilience." + service + ".";
            if (values.keySet().stream().anyMatch(k -> k.startsWith(prefix))) {
                b.resilience(service, resilience(prefix, all));
            }
        }
        routesAndGateways(b);
        ClientConfig config = build(b::build, Map.of("endpoint", endpoint, "agencyId", PREFIX + "agency-id",
                "tokenEndpoint", PREFIX + "token-endpoint", "jwksUri", PREFIX + "jwks-uri",
                "clockSkew", PREFIX + "clock-skew"), "");

        Integer level = level(PREFIX + "vneid.minimum-level");
        Purpose purpose = purpose(PREFIX + "edocuments.purpose");
        String operator = operatorId(PREFIX + "edocuments.operator-id");
        KetnoiSettings.CivilStatus civilStatus = new KetnoiSettings.CivilStatus(
                operatorId(PREFIX + "civil-status.operator-id"), purpose(PREFIX + "civil-status.purpose"));
        String maxAgeKey = PREFIX + "vneid.login-state-max-age";
        Duration maxAge = duration(maxAgeKey);
        if (maxAge != null && (maxAge.isZero() || maxAge.compareTo(Duration.ofHours(1)) > 0)) {
            throw problem(maxAgeKey, "must be positive and at most 1h");
        }
        byte[] stateKey = loginStateKey(PREFIX + "vneid.login-state-key");
        URI vneidIssuer = url(PREFIX + "vneid.issuer");
        String wireKey = PREFIX + "population.wire";
        String wire = string(wireKey);
        if (wire != null && !wire.equals("ketnoi") && !wire.equals("gateway-json")) {
            throw problem(wireKey, "must be ketnoi or gateway-json");
        }
        Boolean acceptTransportOnly = bool(PREFIX + "population.accept-transport-only-integrity");
        AgencyCredentials documentSigning = credentials(PREFIX + "edocuments.signing-key.", false);
        List<X509Certificate> anchors = certificates(PREFIX + "edocuments.trust-anchors");
        String statusMaxAgeKey = PREFIX + "edocuments.status-list-max-age";
        Duration statusMaxAge = duration(statusMaxAgeKey);
        if (statusMaxAge != null && statusMaxAge.compareTo(Duration.ofHours(24)) > 0) {
            throw problem(statusMaxAgeKey, "must be at most 24h");
        }
        return new KetnoiSettings(contributed(), config, vneidIssuer == null ? null : vneidIssuer.toString(),
                string(PREFIX + "vneid.client-id"), url(PREFIX + "vneid.redirect-uri"),
                url(PREFIX + "vneid.post-logout-redirect-uri"), level, maxAge, stateKey, operator, purpose,
                wire, Boolean.TRUE.equals(acceptTransportOnly),
                new KetnoiSettings.Edocuments(documentSigning, anchors, statusMaxAge), civilStatus);
    }

    /** The modules' keys ({@link ConfigKeys}), each read and checked as its type says. */
    private KetnoiSettings.Contributed contributed() {
        Map<String, ConfigKeys.Type> declared = new LinkedHashMap<>();
        Map<String, Object> read = new LinkedHashMap<>();
        for (ConfigKeys.Key k : contributed) {
            String n = k.name();
            declared.put(n, k.type());
            Object v = switch (k.type()) {
                case URL -> url(n);
                case STRING -> string(n);
                case SECRET -> secret(n);
                case PATH -> path(n);
                case DURATION -> duration(n);
                case INT -> integer(n);
                case LONG -> longValue(n);
                case DOUBLE -> decimal(n);
                case BOOLEAN -> bool(n);
                case LIST -> list(n);
                case LEVEL -> level(n);
                case PURPOSE -> purpose(n);
            };
            if (v != null) {
                read.put(n, v);
            }
        }
        return new KetnoiSettings.Contributed(declared, read);
    }

    /** A VNeID assurance level: 1 or 2. */
    private Integer level(String key) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        if (!text.equals("1") && !text.equals("2")) {
            throw problem(key, "must be 1 or 2, not '" + text + "'");
        }
        return Integer.valueOf(text);
    }

    private Purpose purpose(String key) {
        String code = string(key);
        return code == null ? null : build(() -> Purpose.of(code), Map.of("purpose", key), key);
    }

    private String operatorId(String key) {
        String operator = string(key);
        if (operator != null) {
            // The one rule (RequestContext's, the sandbox's too), at start-up; the purpose is checked apart.
            build(() -> vn.ketnoi.core.RequestContext.of(Purpose.PUBLIC_SERVICE, operator),
                    Map.of("operatorId", key), key);
        }
        return operator;
    }

    /** {@code ketnoi.routes.<name>.*} and {@code ketnoi.gateways.<name>.*}, each name complete or refused. */
    private void routesAndGateways(ClientConfig.Builder b) {
        for (String name : names("routes")) {
            String p = PREFIX + "routes." + name + ".";
            String serviceKey = p + "service";
            String service = required(serviceKey);
            ServiceId id = build(() -> ServiceId.parse(service), Map.of(), serviceKey);
            required(p + "url");
            URI url = url(p + "url");
            build(() -> b.route(id, url), Map.of(), p + "url");
        }
        for (String name : names("gateways")) {
            String p = PREFIX + "gateways." + name + ".";
            URI url = url(p + "url");
            URI tokenUrl = url(p + "token-url");
            String key = required(p + "key");
            char[] secret = secret(p + "secret");
            if (url == null || tokenUrl == null || secret == null) {
                throw problem(url == null ? p + "url" : tokenUrl == null ? p + "token-url" : p + "secret",
                        "is required for the gateway " + name);
            }
            String header = string(p + "header");
            GatewayCredentials credentials = build(() -> GatewayCredentials.keyAndSecret(tokenUrl, key,
                    new String(secret)), Map.of("gateway.tokenUrl", p + "token-url", "gateway.key", p + "key",
                    "gateway.secret", secretName(p + "secret")), p + "*");
            java.util.Arrays.fill(secret, '\0');
            GatewayCredentials withHeader = header == null ? credentials
                    : build(() -> credentials.withHeader(header), Map.of(), p + "header");
            b.gateway(build(() -> Gateway.builder().name(name).url(url).credentials(withHeader).build(), Map.of(),
                    p + "url"));
        }
    }

    /** The names used under {@code ketnoi.<group>.}, in order. */
    private Set<String> names(String group) {
        Set<String> out = new java.util.TreeSet<>();
        for (String k : values.keySet()) {
            Matcher m = NAMED.matcher(k.endsWith(FILE_SUFFIX) ? k.substring(0, k.length() - FILE_SUFFIX.length()) : k);
            if (m.matches() && m.group(1).equals(group)) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    private String required(String key) {
        String v = string(key);
        if (v == null) {
            throw problem(key, "is required");
        }
        return v;
    }

    /** The login-state key: base64 (standard or URL-safe) of at least 32 bytes; never echoed in an error. */
    private byte[] loginStateKey(String key) {
        char[] text = secret(key);
        if (text == null) {
            return null;
        }
        byte[] decoded;
        try {
            String t = new String(text).trim();
            decoded = t.indexOf('-') >= 0 || t.indexOf('_') >= 0 ? java.util.Base64.getUrlDecoder().decode(t)
                    : java.util.Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw problem(key, "is not base64");
        } finally {
            java.util.Arrays.fill(text, '\0');
        }
        if (decoded.length < 32) {
            throw problem(key, "must decode to at least 32 bytes");
        }
        return decoded;
    }

    /**
     * A key from {@code base} ({@code ketnoi.credentials.} or {@code ketnoi.edocuments.signing-key.}):
     * a PKCS#12 file, a PEM key or a PKCS#11 token; {@code null} when none is set and none is required.
     */
    private AgencyCredentials credentials(String base, boolean required) {
        String p12 = base + "pkcs12.path";
        String pem = base + "pem.key";
        Path p12Path = path(p12);
        Path pemPath = path(pem);
        String p11 = base + "pkcs11.library";
        Path p11Path = path(p11);
        String keyId = string(base + "key-id");
        if (p12Path != null && pemPath != null) {
            throw problem(pem, "set either " + p12 + " or " + pem + ", not both");
        }
        if (p11Path != null && (p12Path != null || pemPath != null)) {
            throw problem(p11, "set one of " + p12 + ", " + pem + " or " + p11 + ", not several");
        }
        if (p11Path != null) {
            return pkcs11(base, p11, p11Path, keyId);
        }
        if (p12Path == null && pemPath == null && !required) {
            return null;
        }
        if (p12Path == null && pemPath == null) {
            throw new ConfigurationException(PREFIX + "credentials",
                    "are required: set " + p12 + " (with its password), " + pem + " or " + p11 + " (with its PIN)");
        }
        if (p12Path != null) {
            requireReadable(p12, p12Path);
            String passwordKey = base + "pkcs12.password";
            char[] password = secret(passwordKey);
            if (password == null) {
                throw problem(passwordKey, "is required with " + name(p12)
                        + " (or set " + passwordKey + FILE_SUFFIX + ")");
            }
            String aliasKey = base + "pkcs12.alias";
            String alias = string(aliasKey);
            return build(() -> AgencyCredentials.fromPkcs12(p12Path, password, alias, keyId),
                    Map.of("credentials.pkcs12", p12, "credentials.password", secretName(passwordKey),
                            "credentials.alias", aliasKey, "credentials.keyId", base + "key-id"),
                    p12);
        }
        requireReadable(pem, pemPath);
        String chainKey = base + "pem.chain";
        Path chain = path(chainKey);
        if (chain != null) {
            requireReadable(chainKey, chain);
        }
        String passwordKey = base + "pem.key-password";
        char[] password = secret(passwordKey);
        if (keyId == null) {
            throw problem(base + "key-id", "is required with " + name(pem));
        }
        return build(() -> AgencyCredentials.fromPem(keyId, pemPath, password, chain),
                Map.of("credentials.keyFile", pem, "credentials.password", secretName(passwordKey),
                        "credentials.chain", chainKey, "credentials.chainFile", chainKey,
                        "credentials.keyId", base + "key-id"), pem);
    }

    /** A key in a token: SunPKCS11 opens it now, so a wrong PIN or label fails at start-up. */
    private AgencyCredentials pkcs11(String base, String libraryKey, Path library, String keyId) {
        requireReadable(libraryKey, library);
        String p = base + "pkcs11.";
        Long slot = longValue(p + "slot");
        Integer index = integer(p + "slot-index");
        if (slot != null && index != null) {
            throw problem(p + "slot-index", "is set together with " + name(p + "slot") + ": set only one");
        }
        char[] pin = secret(p + "pin");
        if (pin == null) {
            throw problem(p + "pin", "is required with " + name(libraryKey) + " (set " + p + "pin" + FILE_SUFFIX
                    + " or " + ConfigLoader.environmentVariable(p + "pin") + ")");
        }
        try {
            Pkcs11Settings.Builder b = Pkcs11Settings.builder().library(library).pin(pin)
                    .keyAlias(string(p + "key-alias")).keyId(keyId);
            if (slot != null) {
                b.slot(slot);
            }
            if (index != null) {
                b.slotIndex(index);
            }
            return build(() -> AgencyCredentials.fromPkcs11(b.build()),
                    Map.of("credentials.pkcs11.library", libraryKey, "credentials.pkcs11.slot", p + "slot",
                            "credentials.pkcs11.slotIndex", p + "slot-index",
                            "credentials.pkcs11.pin", secretName(p + "pin"),
                            "credentials.pkcs11.keyAlias", p + "key-alias",
                            "credentials.pkcs11.keyId", base + "key-id"), libraryKey);
        } finally {
            java.util.Arrays.fill(pin, '\0');
        }
    }

    private HttpOptions http() {
        HttpOptions.Builder h = HttpOptions.builder();
        String p = PREFIX + "http.";
        Duration d;
        if ((d = duration(p + "connect-timeout")) != null) {
            h.connectTimeout(d);
        }
        if ((d = duration(p + "response-timeout")) != null) {
            h.responseTimeout(d);
        }
        if ((d = duration(p + "connection-request-timeout")) != null) {
            h.connectionRequestTimeout(d);
        }
        if ((d = duration(p + "call-timeout")) != null) {
            h.callTimeout(d);
        }
        Integer n;
        if ((n = integer(p + "max-connections")) != null) {
            h.maxConnections(n);
        }
        if ((n = integer(p + "max-connections-per-host")) != null) {
            h.maxConnectionsPerHost(n);
        }
        Long bytes = longValue(p + "max-response-bytes");
        if (bytes != null) {
            h.maxResponseBytes(bytes);
        }
        return build(h::build, Map.of("httpOptions.connectTimeout", p + "connect-timeout",
                "httpOptions.responseTimeout", p + "response-timeout",
                "httpOptions.connectionRequestTimeout", p + "connection-request-timeout",
                "httpOptions.callTimeout", p + "call-timeout", "httpOptions.maxConnections", p + "max-connections",
                "httpOptions.maxConnectionsPerHost", p + "max-connections-per-host",
                "httpOptions.maxResponseBytes", p + "max-response-bytes"), p + "*");
    }

    private RevocationOptions revocation() {
        String p = PREFIX + "revocation.";
        RevocationOptions.Builder r = RevocationOptions.builder();
        Boolean on;
        if ((on = bool(p + "enabled")) != null) {
            r.enabled(on);
        }
        String policy = string(p + "when-unreachable");
        if (policy != null) {
            switch (policy.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "soft-fail" -> r.whenUnreachable(RevocationOptions.Policy.SOFT_FAIL);
                case "hard-fail" -> r.whenUnreachable(RevocationOptions.Policy.HARD_FAIL);
                default -> throw new ConfigurationException(p + "when-unreachable",
                        "must be soft-fail or hard-fail, not " + vn.ketnoi.core.internal.Untrusted.text(policy, 32));
            }
        }
        if ((on = bool(p + "prefer-crls")) != null) {
            r.preferCrls(on);
        }
        Duration d;
        if ((d = duration(p + "timeout")) != null) {
            r.timeout(d);
        }
        Integer n;
        if ((n = integer(p + "cache-size")) != null) {
            r.cacheSize(n);
        }
        if ((d = duration(p + "max-cache-age")) != null) {
            r.maxCacheAge(d);
        }
        return build(r::build, Map.of("revocation.timeout", p + "timeout", "revocation.cacheSize", p + "cache-size",
                "revocation.maxCacheAge", p + "max-cache-age"), p + "*");
    }

    private ProxyOptions proxy() {
        String p = PREFIX + "proxy.";
        Boolean enabled = bool(p + "enabled");
        String host = string(p + "host");
        Integer port = integer(p + "port");
        String user = string(p + "username");
        char[] password = secret(p + "password");
        List<String> non = list(p + "non-proxy-hosts");
        if (Boolean.FALSE.equals(enabled)) {
            for (String k : List.of("host", "port", "username", "password", "non-proxy-hosts")) {
                if (present(p + k)) {
                    throw problem(p + k, "is set while " + name(p + "enabled") + " is false");
                }
            }
            return ProxyOptions.none();
        }
        if (host == null) {
            for (String k : List.of("port", "username", "password", "non-proxy-hosts")) {
                if (present(p + k)) {
                    throw problem(p + k, "needs " + p + "host");
                }
            }
            return null; // the JVM properties and HTTPS_PROXY, as ClientConfig does by default
        }
        Map<String, String> fields = Map.of("proxy.host", p + "host", "proxy.port", p + "port",
                "proxy.username", p + "username", "proxy.nonProxyHosts", p + "non-proxy-hosts");
        ProxyOptions o = build(() -> ProxyOptions.of(host, port == null ? 443 : port), fields, p + "host");
        if (user != null || password != null) {
            if (user == null || password == null) {
                throw problem(user == null ? p + "username" : p + "password",
                        "proxy username and password go together");
            }
            ProxyOptions base = o;
            o = build(() -> base.withCredentials(user, new String(password)), fields, p + "username");
        }
        return non == null ? o : o.withNonProxyHosts(non);
    }

    private ResilienceOptions resilience(String p, ResilienceOptions start) {
        ResilienceOptions.Builder r = start.toBuilder();
        Integer n;
        Duration d;
        if ((n = integer(p + "max-attempts")) != null) {
            r.maxAttempts(n);
        }
        Duration initial = duration(p + "initial-backoff");
        Duration max = duration(p + "max-backoff");
        if (initial != null || max != null) {
            r.backoff(initial != null ? initial : start.initialBackoff(), max != null ? max : start.maxBackoff());
        }
        if ((d = duration(p + "retry-after-cap")) != null) {
            r.retryAfterCap(d);
        }
        if ((d = duration(p + "attempt-timeout")) != null) {
            r.attemptTimeout(d);
        }
        Double ratio = decimal(p + "retry-budget.ratio");
        Double perSecond = decimal(p + "retry-budget.per-second");
        Integer burst = integer(p + "retry-budget.burst");
        if (ratio != null || perSecond != null || burst != null) {
            r.retryBudget(ratio != null ? ratio : start.retryBudgetRatio(),
                    perSecond != null ? perSecond : start.retryBudgetPerSecond(),
                    burst != null ? burst : start.retryBudgetBurst());
        }
        Integer rate = integer(p + "circuit-breaker.failure-rate-threshold");
        Integer window = integer(p + "circuit-breaker.sliding-window-size");
        Integer minimum = integer(p + "circuit-breaker.minimum-calls");
        if (rate != null || window != null || minimum != null) {
            r.circuitBreaker(rate != null ? rate : start.failureRateThreshold(),
                    window != null ? window : start.slidingWindowSize(),
                    minimum != null ? minimum : start.minimumCalls());
        }
        Boolean breaker = bool(p + "circuit-breaker.enabled");
        if (breaker != null) {
            r.circuitBreaker(breaker);
        }
        Duration open = duration(p + "circuit-breaker.open-duration");
        Integer halfOpen = integer(p + "circuit-breaker.half-open-calls");
        if (open != null || halfOpen != null) {
            r.circuitBreakerRecovery(open != null ? open : start.openDuration(),
                    halfOpen != null ? halfOpen : start.halfOpenCalls());
        }
        if ((n = integer(p + "max-concurrent-calls")) != null) {
            r.maxConcurrentCalls(n);
        }
        Integer permits = integer(p + "rate-limit.permits");
        Duration period = duration(p + "rate-limit.period");
        if (permits != null || period != null) {
            int count = permits != null ? permits : start.rateLimitPermits();
            Duration per = period != null ? period : start.rateLimitPeriod().orElse(null);
            if (count > 0 && per == null) {
                throw problem(p + "rate-limit.period", "is required with " + name(p + "rate-limit.permits"));
            }
            r.rateLimit(count, per);
        }
        if ((d = duration(p + "rate-limit.max-wait")) != null) {
            r.rateLimitMaxWait(d);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("resilience.maxAttempts", p + "max-attempts");
        fields.put("resilience.initialBackoff", p + "initial-backoff");
        fields.put("resilience.maxBackoff", p + "max-backoff");
        fields.put("resilience.retryAfterCap", p + "retry-after-cap");
        fields.put("resilience.retryBudgetRatio", p + "retry-budget.ratio");
        fields.put("resilience.retryBudgetPerSecond", p + "retry-budget.per-second");
        fields.put("resilience.retryBudgetBurst", p + "retry-budget.burst");
        fields.put("resilience.attemptTimeout", p + "attempt-timeout");
        fields.put("resilience.failureRateThreshold", p + "circuit-breaker.failure-rate-threshold");
        fields.put("resilience.slidingWindowSize", p + "circuit-breaker.sliding-window-size");
        fields.put("resilience.openDuration", p + "circuit-breaker.open-duration");
        fields.put("resilience.halfOpenCalls", p + "circuit-breaker.half-open-calls");
        fields.put("resilience.maxConcurrentCalls", p + "max-concurrent-calls");
        fields.put("resilience.rateLimit", p + "rate-limit.permits");
        fields.put("resilience.rateLimitPeriod", p + "rate-limit.period");
        fields.put("resilience.rateLimitMaxWait", p + "rate-limit.max-wait");
        return build(r::build, fields, p + "*");
    }

}
