package vn.ketnoi.core.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.RevocationOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.Pkcs11Settings;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.exchange.GatewayCredentials;
import vn.ketnoi.core.exchange.ServiceId;

/**
 * Builds the SDK's configuration from outside the code: a flat map of {@code ketnoi.*}
 * properties (a {@code .properties} file, a flattened YAML block, a Spring {@code Environment})
 * and environment variables. The keys are listed by {@link #keys()} and described in
 * {@code docs/configuration-reference.md}; a test checks that the page and this class agree.
 *
 * <pre>{@code
 * KetnoiSettings settings = ConfigLoader.load(Map.of(
 *         "ketnoi.endpoint", "https://dancu.example.gov.vn",
 *         "ketnoi.agency-id", "VN:GOV:000.00.15.H29",
 *         "ketnoi.credentials.pkcs12.path", "/etc/ketnoi/agency.p12",
 *         "ketnoi.credentials.pkcs12.password-file", "/run/secrets/agency-p12-password",
 *         "ketnoi.http.connect-timeout", "5s"), System.getenv());
 * PopulationClient client = PopulationClient.create(settings.clientConfig());
 * }</pre>
 *
 * <p><b>Environment variables.</b> Every key has a variable: upper case, with {@code .} and
 * {@code -} turned into {@code _} ({@code ketnoi.http.connect-timeout} is
 * {@code KETNOI_HTTP_CONNECT_TIMEOUT}); see {@link #environmentVariable(String)}. A variable
 * overrides the property of the same key. Only variables starting with {@code KETNOI_} are read.
 *
 * <p><b>Secrets from files.</b> Each password key also accepts {@code <key>-file}: the path of a
 * file whose content (without its final line break) is the secret, as container platforms mount
 * them. A key and its {@code -file} twin must not both be set.
 *
 * <p><b>Validation.</b> Everything is checked when {@code load} runs, before any client exists:
 * an unknown key (with the nearest known key suggested), a malformed URL, duration, number or
 * boolean, a key file that is missing or unreadable, a wrong password, a missing required key.
 * Each problem is a {@link ConfigurationException} whose message starts with the property or
 * variable at fault; secrets are never repeated.
 *
 * <p>Durations are written {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or in
 * ISO-8601 ({@code PT5S}). Lists are comma-separated.
 */
public final class ConfigLoader {
    /** Every key starts with this. */
    public static final String PREFIX = "ketnoi.";
    /** The services that take their own resilience keys, {@code ketnoi.resilience.<service>.*}. */
    public static final List<String> SERVICES = List.of("population", "vneid", "edocuments");

    private static final String FILE_SUFFIX = "-file";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /** The value types of the keys; each says how the reference page describes it. */
    enum Type {
        URL("URL"), STRING("text"), SECRET("secret"), PATH("file path"), DURATION("duration"), INT("integer"),
        LONG("integer"), DOUBLE("decimal"), BOOLEAN("true or false"), LIST("comma-separated list"),
        LEVEL("1 or 2"), PURPOSE("purpose");

        final String text;

        Type(String text) {
            this.text = text;
        }
    }

    /** One documented key. */
    record Key(String name, Type type, String defaultValue, String description) {
    }

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();
    private static final List<String> RESILIENCE_SUFFIXES = new ArrayList<>();

    static {
        key("endpoint", Type.URL, null, "Base URL of the provider (required).");
        key("agency-id", Type.STRING, null, "The agency id the exchange platform issued (required).");
        key("token-endpoint", Type.URL, "{endpoint}/oauth2/token", "The provider's token endpoint.");
        key("provider-issuer", Type.STRING, "{endpoint}", "The `iss` of the provider's response signatures.");
        key("jwks-uri", Type.URL, "{endpoint}/.well-known/jwks.json", "Where the provider publishes its keys.");
        key("clock-skew", Type.DURATION, "60s", "Largest clock difference allowed with the provider (at most 5m).");
        key("credentials.key-id", Type.STRING, "the key's RFC 7638 thumbprint (PKCS#12), the token key label (PKCS#11)", "The id the provider registered the key under.");
        key("credentials.pkcs12.path", Type.PATH, null, "PKCS#12 file with the agency's key and certificate chain.");
        key("credentials.pkcs12.password", Type.SECRET, null, "Password of the PKCS#12 file.");
        key("credentials.pkcs12.alias", Type.STRING, "the only key entry", "Entry of the PKCS#12 file to use.");
        key("credentials.pem.key", Type.PATH, null, "PEM private key (PKCS#8, encrypted PKCS#8 or SEC1), instead of PKCS#12.");
        key("credentials.pem.key-password", Type.SECRET, null, "Password of an encrypted PEM key.");
        key("credentials.pem.chain", Type.PATH, null, "PEM certificate chain, leaf first.");
        key("credentials.pkcs11.library", Type.PATH, null, "PKCS#11 library of a token or HSM holding the key, instead of PKCS#12 or PEM.");
        key("credentials.pkcs11.slot", Type.LONG, null, "Slot id of the token (as `pkcs11-tool --list-slots` shows it).");
        key("credentials.pkcs11.slot-index", Type.INT, "0", "Position of the token among the slots holding one, instead of the slot id.");
        key("credentials.pkcs11.pin", Type.SECRET, null, "User PIN of the token; best as `pin-file` or the variable.");
        key("credentials.pkcs11.key-alias", Type.STRING, "the only key", "Label of the key (and its certificate) in the token.");
        key("http.connect-timeout", Type.DURATION, "5s", "Time allowed to open a connection.");
        key("http.response-timeout", Type.DURATION, "30s", "Longest silence allowed while waiting for response bytes.");
        key("http.connection-request-timeout", Type.DURATION, "5s", "Time allowed to wait for a pooled connection.");
        key("http.call-timeout", Type.DURATION, "60s", "Deadline of a whole call, retries included.");
        key("http.max-connections", Type.INT, "64", "Connections in the pool.");
        key("http.max-connections-per-host", Type.INT, "64", "Connections in the pool per host.");
        key("http.max-response-bytes", Type.LONG, "16777216", "Largest response body accepted.");
        key("proxy.enabled", Type.BOOLEAN, "true", "`false` connects directly, whatever the JVM properties and HTTPS_PROXY say.");
        key("proxy.host", Type.STRING, "from https.proxyHost or HTTPS_PROXY", "Proxy host.");
        key("proxy.port", Type.INT, "443", "Proxy port.");
        key("proxy.username", Type.STRING, null, "Proxy user (Basic authentication).");
        key("proxy.password", Type.SECRET, null, "Proxy password.");
        key("proxy.non-proxy-hosts", Type.LIST, null, "Hosts reached directly: names, `*.example.vn`, `.example.vn`.");
        key("revocation.enabled", Type.BOOLEAN, "true",
                "Whether the provider's TLS certificate and the agency's certificates are checked by OCSP or CRL (document signers always are).");
        key("revocation.when-unreachable", Type.STRING, "soft-fail",
                "`soft-fail` accepts a certificate whose status cannot be learnt (one WARN); `hard-fail` refuses it.");
        key("revocation.prefer-crls", Type.BOOLEAN, "false", "`true` fetches the CRL before asking the OCSP responder.");
        key("revocation.timeout", Type.DURATION, "5s", "Time allowed for one OCSP answer or CRL (10ms to 1m).");
        key("revocation.cache-size", Type.INT, "1000", "Certificates whose answers are cached (0 caches nothing).");
        key("revocation.max-cache-age", Type.DURATION, "1h", "Longest an answer is cached; never past its nextUpdate.");
        resilience("max-attempts", Type.INT, "3", "Attempts per call, the first included (1 to 10).");
        resilience("initial-backoff", Type.DURATION, "100ms", "Back-off before the first retry.");
        resilience("max-backoff", Type.DURATION, "2s", "Longest back-off.");
        resilience("retry-after-cap", Type.DURATION, "10s", "Longest Retry-After honoured.");
        resilience("attempt-timeout", Type.DURATION, "20s", "Deadline of one attempt.");
        resilience("retry-budget.ratio", Type.DOUBLE, "0.1", "Retries earned per call (0 to 1).");
        resilience("retry-budget.per-second", Type.DOUBLE, "1", "Retries earned per second.");
        resilience("retry-budget.burst", Type.INT, "10", "Retries that can be saved up.");
        resilience("circuit-breaker.enabled", Type.BOOLEAN, "true", "Whether the circuit breaker is on.");
        resilience("circuit-breaker.failure-rate-threshold", Type.INT, "50", "Failure percentage that opens the breaker.");
        resilience("circuit-breaker.sliding-window-size", Type.INT, "20", "Calls the failure rate is measured over.");
        resilience("circuit-breaker.minimum-calls", Type.INT, "10", "Calls needed before the rate counts.");
        resilience("circuit-breaker.open-duration", Type.DURATION, "10s", "How long the breaker stays open.");
        resilience("circuit-breaker.half-open-calls", Type.INT, "3", "Trial calls let through after that.");
        resilience("max-concurrent-calls", Type.INT, "64", "Calls in flight at once (bulkhead).");
        resilience("rate-limit.permits", Type.INT, "0 (no limit)", "Calls allowed per period, such as the agency's quota.");
        resilience("rate-limit.period", Type.DURATION, null, "The period of that limit (required with permits).");
        resilience("rate-limit.max-wait", Type.DURATION, "1s", "How long a call waits for a permit.");
        key("vneid.issuer", Type.URL, "{endpoint}/vneid", "The VNeID OpenID provider's issuer.");
        key("vneid.client-id", Type.STRING, "the agency id", "The client id registered with VNeID.");
        key("vneid.redirect-uri", Type.URL, null, "Where VNeID sends the browser back after sign-in.");
        key("vneid.post-logout-redirect-uri", Type.URL, null, "Where VNeID sends the browser after sign-out.");
        key("vneid.minimum-level", Type.LEVEL, "1", "Lowest assurance level accepted at sign-in.");
        key("vneid.login-state-max-age", Type.DURATION, "10m",
                "Longest time from the start of a sign-in to its callback (at most 1h).");
        key("vneid.login-state-key", Type.SECRET, null,
                "Base64 key of at least 32 bytes sealing sign-in states; the same on every instance.");
        key("edocuments.operator-id", Type.STRING, null, "Who in the agency acts (`VN` and an identifier); enables the e-documents client.");
        key("edocuments.purpose", Type.PURPOSE, "PUBLIC_SERVICE", "The purpose sent with every e-document call.");
        key("edocuments.signing-key.key-id", Type.STRING, "the key's RFC 7638 thumbprint (PKCS#12), the token key label (PKCS#11)",
                "Key id of the document-signing key (the `kid` of the documents' signatures).");
        key("edocuments.signing-key.pkcs12.path", Type.PATH, null,
                "PKCS#12 file with the document-signing key and its chain; without a signing key, the agency key signs (refused unless its certificate is a document-signing one).");
        key("edocuments.signing-key.pkcs12.password", Type.SECRET, null, "Password of that PKCS#12 file.");
        key("edocuments.signing-key.pkcs12.alias", Type.STRING, "the only key entry", "Entry of that PKCS#12 file.");
        key("edocuments.signing-key.pem.key", Type.PATH, null, "PEM document-signing key, instead of PKCS#12.");
        key("edocuments.signing-key.pem.key-password", Type.SECRET, null, "Password of an encrypted PEM key.");
        key("edocuments.signing-key.pem.chain", Type.PATH, null, "PEM chain of the document-signing key, leaf first.");
        key("edocuments.signing-key.pkcs11.library", Type.PATH, null,
                "PKCS#11 library of the token or HSM holding the document-signing key.");
        key("edocuments.signing-key.pkcs11.slot", Type.LONG, null, "Slot id of that token.");
        key("edocuments.signing-key.pkcs11.slot-index", Type.INT, "0", "Position of that token among the slots, instead of the slot id.");
        key("edocuments.signing-key.pkcs11.pin", Type.SECRET, null, "User PIN of that token.");
        key("edocuments.signing-key.pkcs11.key-alias", Type.STRING, "the only key", "Label of the document-signing key in the token.");
        key("edocuments.trust-anchors", Type.LIST, null,
                "PEM files of the CA certificates document-signing chains must lead to; enables the DocumentVerifier.");
        key("edocuments.status-list-max-age", Type.DURATION, "5m",
                "How long the verifier uses a fetched status list (0 fetches for every verification).");
        key("civil-status.operator-id", Type.STRING, null, "Who in the agency acts (`VN` and an identifier); enables the civil-status client.");
        key("civil-status.purpose", Type.PURPOSE, "PUBLIC_SERVICE", "The purpose sent with every civil-status call.");
        key("population.wire", Type.STRING, "ketnoi",
                "The population client's wire profile: `ketnoi` or `gateway-json` (docs/wire-profiles.md).");
        key("population.accept-transport-only-integrity", Type.BOOLEAN, "false",
                "`true` accepts a wire profile without end-to-end signatures; read docs/wire-profiles.md first.");
        key("routes.<name>.service", Type.STRING, null,
                "A service id (`VN/GOV/.../population/v1`) whose calls go to the route's URL instead of the endpoint.");
        key("routes.<name>.url", Type.URL, null, "The URL that serves that service (a gateway's), its paths appended.");
        key("gateways.<name>.url", Type.URL, null, "A gateway's base URL: its credential goes to every request under it.");
        key("gateways.<name>.token-url", Type.URL, null, "Where the gateway's key and secret are exchanged for a token.");
        key("gateways.<name>.key", Type.STRING, null, "The application key the gateway's operator issued.");
        key("gateways.<name>.secret", Type.SECRET, null, "The application secret; best as `secret-file` or the variable.");
        key("gateways.<name>.header", Type.STRING, "Gateway-Authorization", "The header the gateway token is sent in.");
    }

    /** A route or gateway key written with its name: {@code ketnoi.gateways.lgsp.token-url}. */
    private static final Pattern NAMED = Pattern.compile(
            "ketnoi\\.(routes|gateways)\\.([a-z0-9]{1,32})\\.([a-z-]+)");
    /** The same as an environment variable: {@code KETNOI_GATEWAYS_LGSP_TOKEN_URL}; names have no {@code _}. */
    private static final Pattern NAMED_VARIABLE = Pattern.compile("KETNOI_(ROUTES|GATEWAYS)_([A-Z0-9]{1,32})_([A-Z_]+)");

    /** The concrete key of a named route or gateway setting, or {@code null} when {@code key} is none. */
    private static String named(String key, Map<String, String> accepted) {
        Matcher m = NAMED.matcher(key);
        if (!m.matches()) {
            return null;
        }
        String template = PREFIX + m.group(1) + ".<name>." + m.group(3);
        return accepted.containsKey(template) ? key : null;
    }

    /** The concrete key of a named route or gateway variable, or {@code null}. */
    private static String namedVariable(String variable, Map<String, String> accepted) {
        Matcher m = NAMED_VARIABLE.matcher(variable);
        if (!m.matches()) {
            return null;
        }
        for (String template : accepted.keySet()) {
            String prefix = PREFIX + m.group(1).toLowerCase(Locale.ROOT) + ".<name>.";
            if (template.startsWith(prefix) && environmentVariable(template.substring(prefix.length()))
                    .equals(m.group(3))) {
                return prefix.replace("<name>", m.group(2).toLowerCase(Locale.ROOT)) + template.substring(prefix.length());
            }
        }
        return null;
    }

    private static void key(String name, Type type, String def, String description) {
        KEYS.put(PREFIX + name, new Key(PREFIX + name, type, def, description));
    }

    private static void resilience(String suffix, Type type, String def, String description) {
        RESILIENCE_SUFFIXES.add(suffix);
        key("resilience." + suffix, type, def, description + " Also per service: `ketnoi.resilience.<service>."
                + suffix + "`.");
    }

    private ConfigLoader() {
    }

    /**
     * The documented keys, in reference-page order. Each {@code ketnoi.resilience.*} key is also
     * accepted per service ({@code ketnoi.resilience.population.max-attempts}), and each secret
     * key also as {@code <key>-file}.
     *
     * @return the keys
     */
    public static List<String> keys() {
        return List.copyOf(KEYS.keySet());
    }

    /** The keys with their type, default and description, for the reference page. */
    static Map<String, Key> keyTable() {
        return Collections.unmodifiableMap(KEYS);
    }

    /**
     * The environment variable of a key: upper case, {@code .} and {@code -} replaced by {@code _}.
     *
     * @param key a key such as {@code ketnoi.http.connect-timeout}
     * @return the variable, such as {@code KETNOI_HTTP_CONNECT_TIMEOUT}
     */
    public static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Settings from properties only.
     *
     * @param properties {@code ketnoi.*} keys and their values; other keys are ignored
     * @return the validated settings
     * @throws ConfigurationException naming the first property at fault
     */
    public static KetnoiSettings fromMap(Map<String, String> properties) {
        return load(properties, Map.of());
    }

    /**
     * Settings from a {@link Properties} object, such as a loaded {@code ketnoi.properties} file.
     *
     * @param properties the properties; keys not starting with {@code ketnoi.} are ignored
     * @return the validated settings
     */
    public static KetnoiSettings fromProperties(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return fromMap(map);
    }

    /**
     * Settings from the process's {@code KETNOI_*} environment variables only.
     *
     * @return the validated settings
     */
    public static KetnoiSettings fromEnvironment() {
        return load(Map.of(), System.getenv());
    }

    /**
     * Settings from properties and environment variables; a variable overrides the property of
     * the same key.
     *
     * @param properties  {@code ketnoi.*} properties; keys outside the prefix are ignored
     * @param environment environment variables; only {@code KETNOI_*} ones are read
     * @return the validated settings
     * @throws ConfigurationException naming the property or variable at fault
     */
    public static KetnoiSettings load(Map<String, String> properties, Map<String, String> environment) {
        Map<String, String> accepted = acceptedKeys();
        Map<String, String> byVariable = new LinkedHashMap<>();
        accepted.keySet().forEach(k -> byVariable.put(environmentVariable(k), k));

        // key -> (value, name the user wrote it under)
        Map<String, Source> values = new TreeMap<>();
        if (properties != null) {
            for (Map.Entry<String, String> e : properties.entrySet()) {
                String name = e.getKey();
                if (name == null || !name.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                    continue;
                }
                String key = name.toLowerCase(Locale.ROOT);
                if (key.contains("<name>") || (!accepted.containsKey(key) && named(key, accepted) == null)) {
                    throw new ConfigurationException(name, "unknown property" + suggestion(key, accepted.keySet()));
                }
                values.put(key, new Source(e.getValue(), name));
            }
        }
        if (environment != null) {
            for (Map.Entry<String, String> e : environment.entrySet()) {
                String name = e.getKey();
                if (name == null || !name.startsWith("KETNOI_")) {
                    continue;
                }
                String key = byVariable.get(name);
                if (key == null) {
                    key = namedVariable(name, accepted);
                }
                if (key == null) {
                    throw new ConfigurationException(name, "unknown environment variable"
                            + suggestion(name, byVariable.keySet()));
                }
                values.put(key, new Source(e.getValue(), name));
            }
        }
        return new Reader(values).read();
    }

    /** Every accepted key, with the documented key it stands for. */
    private static Map<String, String> acceptedKeys() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Key k : KEYS.values()) {
            out.put(k.name(), k.name());
            if (k.type() == Type.SECRET) {
                out.put(k.name() + FILE_SUFFIX, k.name());
            }
        }
        for (String service : SERVICES) {
            for (String suffix : RESILIENCE_SUFFIXES) {
                out.put(PREFIX + "resilience." + service + "." + suffix, PREFIX + "resilience." + suffix);
            }
        }
        return out;
    }

    private static String suggestion(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A value and the name it was given under (property or variable), for messages. */
    private record Source(String value, String name) {
    }

    /** Reads and checks one set of values. */
    private static final class Reader {
        private final Map<String, Source> values;

        Reader(Map<String, Source> values) {
            this.values = values;
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

            Integer level = null;
            String levelKey = PREFIX + "vneid.minimum-level";
            String levelText = string(levelKey);
            if (levelText != null) {
                if (!levelText.equals("1") && !levelText.equals("2")) {
                    throw problem(levelKey, "must be 1 or 2, not '" + levelText + "'");
                }
                level = Integer.valueOf(levelText);
            }
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
            return new KetnoiSettings(config, vneidIssuer == null ? null : vneidIssuer.toString(),
                    string(PREFIX + "vneid.client-id"), url(PREFIX + "vneid.redirect-uri"),
                    url(PREFIX + "vneid.post-logout-redirect-uri"), level, maxAge, stateKey, operator, purpose,
                    wire, Boolean.TRUE.equals(acceptTransportOnly),
                    new KetnoiSettings.Edocuments(documentSigning, anchors, statusMaxAge), civilStatus);
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
                        + " or " + environmentVariable(p + "pin") + ")");
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

        // ---- values ----

        private boolean present(String key) {
            return values.containsKey(key) || values.containsKey(key + FILE_SUFFIX);
        }

        /** The name the user gave a key under: the property or the variable. */
        private String name(String key) {
            Source s = values.get(key);
            return s == null ? key : s.name();
        }

        private String secretName(String key) {
            return values.containsKey(key + FILE_SUFFIX) ? name(key + FILE_SUFFIX) : name(key);
        }

        private ConfigurationException problem(String key, String text) {
            return new ConfigurationException(name(key), text);
        }

        private String string(String key) {
            Source s = values.get(key);
            if (s == null) {
                return null;
            }
            String v = s.value() == null ? "" : s.value().trim();
            if (v.isEmpty()) {
                throw problem(key, "is empty");
            }
            return v;
        }

        private char[] secret(String key) {
            String fileKey = key + FILE_SUFFIX;
            if (values.containsKey(key) && values.containsKey(fileKey)) {
                throw problem(fileKey, "is set together with " + name(key) + ": set only one");
            }
            if (values.containsKey(fileKey)) {
                Path file = path(fileKey);
                requireReadable(fileKey, file);
                try {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    // Secret files usually end in a line break that is not part of the secret.
                    if (text.endsWith("\n")) {
                        text = text.substring(0, text.length() - 1);
                    }
                    if (text.endsWith("\r")) {
                        text = text.substring(0, text.length() - 1);
                    }
                    return text.toCharArray();
                } catch (IOException e) {
                    throw new ConfigurationException(name(fileKey), "cannot read the file " + file, e);
                }
            }
            Source s = values.get(key);
            if (s == null) {
                return null;
            }
            if (s.value() == null || s.value().isEmpty()) {
                throw problem(key, "is empty");
            }
            return s.value().toCharArray();
        }

        private URI url(String key) {
            String v = string(key);
            if (v == null) {
                return null;
            }
            URI u;
            try {
                u = new URI(v);
            } catch (URISyntaxException e) {
                throw new ConfigurationException(name(key), "'" + v + "' is not a valid URL", e);
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!u.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw problem(key, "'" + v + "' is not an absolute http or https URL with a host");
            }
            return u;
        }

        private Path path(String key) {
            String v = string(key);
            if (v == null) {
                return null;
            }
            try {
                return Path.of(v);
            } catch (InvalidPathException e) {
                throw new ConfigurationException(name(key), "'" + v + "' is not a valid path", e);
            }
        }

        /** PEM certificates from each file a list names; each file must hold at least one. */
        private List<X509Certificate> certificates(String key) {
            List<String> files = list(key);
            if (files == null) {
                return List.of();
            }
            List<X509Certificate> out = new ArrayList<>();
            for (String f : files) {
                Path file = Path.of(f);
                requireReadable(key, file);
                try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                    int before = out.size();
                    for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificates(in)) {
                        out.add((X509Certificate) c);
                    }
                    if (out.size() == before) {
                        throw problem(key, "the file " + file + " holds no PEM certificate");
                    }
                } catch (java.io.IOException | java.security.cert.CertificateException e) {
                    throw new ConfigurationException(key, "the file " + file + " is not PEM certificates ("
                            + e.getClass().getSimpleName() + ")", e);
                }
            }
            return List.copyOf(out);
        }

        private void requireReadable(String key, Path file) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw problem(key, "the file " + file + " does not exist or cannot be read");
            }
        }

        private Duration duration(String key) {
            String v = string(key);
            if (v == null) {
                return null;
            }
            Matcher m = SHORT_DURATION.matcher(v.toLowerCase(Locale.ROOT));
            try {
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    switch (m.group(2)) {
                        case "ms":
                            return Duration.ofMillis(n);
                        case "s":
                            return Duration.ofSeconds(n);
                        case "m":
                            return Duration.ofMinutes(n);
                        case "h":
                            return Duration.ofHours(n);
                        default:
                            return Duration.ofDays(n);
                    }
                }
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
                throw new ConfigurationException(name(key), "'" + v
                        + "' is not a duration (write 500ms, 5s, 2m, 1h, 1d or ISO-8601 such as PT5S)", e);
            }
        }

        private Integer integer(String key) {
            Long n = longValue(key);
            if (n == null) {
                return null;
            }
            if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
                throw problem(key, "is too large");
            }
            return n.intValue();
        }

        private Long longValue(String key) {
            String v = string(key);
            if (v == null) {
                return null;
            }
            try {
                return Long.valueOf(v);
            } catch (NumberFormatException e) {
                throw new ConfigurationException(name(key), "'" + v + "' is not a whole number", e);
            }
        }

        private Double decimal(String key) {
            String v = string(key);
            if (v == null) {
                return null;
            }
            try {
                double d = Double.parseDouble(v);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new NumberFormatException("not finite");
                }
                return d;
            } catch (NumberFormatException e) {
                throw new ConfigurationException(name(key), "'" + v + "' is not a decimal number", e);
            }
        }

        private Boolean bool(String key) {
            String v = string(key);
            if (v == null) {
                return null;
            }
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true":
                    return Boolean.TRUE;
                case "false":
                    return Boolean.FALSE;
                default:
                    throw problem(key, "'" + v + "' is not true or false");
            }
        }

        private List<String> list(String key) {
            String v = string(key);
            if (v == null) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }

        /**
         * Runs a builder and turns its refusal into one naming the property: the builder's field
         * name is looked up in {@code fields}; {@code fallback} names the group otherwise.
         */
        private <T> T build(java.util.function.Supplier<T> builder, Map<String, String> fields, String fallback) {
            try {
                return builder.get();
            } catch (ConfigurationException e) {
                throw e;
            } catch (InvalidInputException e) {
                String key = fields.get(e.field());
                String problem = e.problem(); // never getMessage(): its [code=...] suffix would come twice
                throw new ConfigurationException(key != null ? name(key) : fallback, problem, e);
            }
        }
    }
}
