package vn.ketnoi.core.internal.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.ketnoi.core.config.ConfigurationException;
import vn.ketnoi.core.spi.ConfigKeys;
import vn.ketnoi.core.spi.ConfigKeys.Key;
import vn.ketnoi.core.spi.ConfigKeys.Type;

/**
 * The settings that exist: every documented {@code ketnoi.*} key with its type, default and
 * description, in the order of docs/configuration-reference.md (a test holds the page to this
 * table), and the other names a key is accepted under: per service for the resilience keys,
 * {@code <key>-file} for a secret, a name of the application's choosing for routes and gateways.
 * Modules add keys of their own ({@link ConfigKeys}), found before any value is read, so that
 * the sources accept them like these. Nothing here reads a value: the sources are {@link Sources},
 * the parsers {@link Values}.
 */
public final class KeyTable {
    /** Every key starts with this. */
    public static final String PREFIX = "ketnoi.";
    /** The services that take their own resilience keys, {@code ketnoi.resilience.<service>.*}. */
    public static final List<String> SERVICES = List.of("population", "vneid", "edocuments");
    /** A secret key's twin naming the file that holds the secret. */
    public static final String FILE_SUFFIX = "-file";

    /** A contributed key: {@code ketnoi.<section>.<name>}, lower-case words joined by {@code -}. */
    private static final Pattern CONTRIBUTED = Pattern.compile("ketnoi(\\.[a-z0-9]+(-[a-z0-9]+)*){2,}");
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
    public static final Pattern NAMED = Pattern.compile(
            "ketnoi\\.(routes|gateways)\\.([a-z0-9]{1,32})\\.([a-z-]+)");
    /** The same as an environment variable: {@code KETNOI_GATEWAYS_LGSP_TOKEN_URL}; names have no {@code _}. */
    private static final Pattern NAMED_VARIABLE = Pattern.compile("KETNOI_(ROUTES|GATEWAYS)_([A-Z0-9]{1,32})_([A-Z_]+)");

    /** The concrete key of a named route or gateway setting, or {@code null} when {@code key} is none. */
    public static String named(String key, Map<String, String> accepted) {
        Matcher m = NAMED.matcher(key);
        if (!m.matches()) {
            return null;
        }
        String template = PREFIX + m.group(1) + ".<name>." + m.group(3);
        return accepted.containsKey(template) ? key : null;
    }

    /** The concrete key of a named route or gateway variable, or {@code null}. */
    public static String namedVariable(String variable, Map<String, String> accepted) {
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

    private KeyTable() {
    }

    /**
     * The documented keys, in reference-page order, then those of the modules' providers.
     *
     * @param contributed the modules' keys, from {@link #contributed()}
     * @return the keys
     */
    public static List<String> keys(List<Key> contributed) {
        List<String> out = new ArrayList<>(KEYS.keySet());
        contributed.forEach(k -> out.add(k.name()));
        return List.copyOf(out);
    }

    /**
     * The keys with their type, default and description, for the reference page.
     *
     * @param contributed the modules' keys, from {@link #contributed()}
     * @return key to its declaration, sdk-core's first
     */
    public static Map<String, Key> table(List<Key> contributed) {
        Map<String, Key> out = new LinkedHashMap<>(KEYS);
        contributed.forEach(k -> out.put(k.name(), k));
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * The keys of every {@link ConfigKeys} provider on the class path, checked ({@link #checked}).
     *
     * @return the modules' keys
     * @throws ConfigurationException naming the key when a provider's key is malformed, one of
     *         sdk-core's, or declared twice
     */
    public static List<Key> contributed() {
        return checked(providers());
    }

    /**
     * The {@link ConfigKeys} providers the context class loader (else this class's) sees. Found again
     * at each load: settings load at start-up, and a provider's refusal must not stick to the class.
     *
     * @return the providers
     */
    public static List<ConfigKeys> providers() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<ConfigKeys> providers = new ArrayList<>();
        ServiceLoader.load(ConfigKeys.class, loader != null ? loader : KeyTable.class.getClassLoader())
                .forEach(providers::add);
        return providers;
    }

    /**
     * The providers' keys, each checked: well formed, not one sdk-core accepts already (nor a
     * route's or a gateway's), declared once.
     *
     * @param providers the modules' providers
     * @return their keys, in order
     * @throws ConfigurationException naming the key at fault and the providers
     */
    public static List<Key> checked(List<? extends ConfigKeys> providers) {
        Map<String, String> core = accepted(List.of());
        Map<String, String> owners = new HashMap<>();
        List<Key> out = new ArrayList<>();
        for (ConfigKeys provider : providers) {
            String who = provider.getClass().getName();
            for (Key k : provider.keys()) {
                String name = k.name();
                if (!CONTRIBUTED.matcher(name).matches() || name.endsWith(FILE_SUFFIX)) {
                    throw new ConfigurationException(name, "is not a key a module may declare (" + who
                            + "): ketnoi.<section>.<name> in lower case, not ending in " + FILE_SUFFIX);
                }
                if (core.containsKey(name) || NAMED.matcher(name).matches()
                        || name.startsWith(PREFIX + "routes.") || name.startsWith(PREFIX + "gateways.")) {
                    throw new ConfigurationException(name, "is sdk-core's; " + who + " cannot declare it");
                }
                String before = owners.putIfAbsent(name, who);
                if (before != null) {
                    throw new ConfigurationException(name, "is declared twice, by " + before + " and " + who);
                }
                out.add(k);
            }
        }
        return List.copyOf(out);
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
     * Every accepted key, with the documented key it stands for.
     *
     * @param contributed the modules' keys, from {@link #contributed()}
     * @return accepted name to documented key
     */
    public static Map<String, String> accepted(List<Key> contributed) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Key> all = new ArrayList<>(KEYS.values());
        all.addAll(contributed);
        for (Key k : all) {
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
}
