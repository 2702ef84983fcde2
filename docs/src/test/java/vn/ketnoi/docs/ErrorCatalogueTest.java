package vn.ketnoi.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import vn.ketnoi.core.exception.ErrorCatalogue;
import vn.ketnoi.core.exception.ErrorCatalogue.ErrorCode;
import vn.ketnoi.core.exception.KetnoiException;

/**
 * docs/errors.md says it lists every error code. {@link ErrorCatalogue} is that list in the code;
 * this test holds the page, the catalogue and the SDK's main sources together.
 */
class ErrorCatalogueTest {
    private static final Path DOCS = Path.of(System.getProperty("ketnoi.docs.dir"));
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|(.*)$");

    /** The code column of every table under "## Error codes", with the rest of its row. */
    private static Map<String, String> documentedRows() throws IOException {
        List<String> lines = Files.readAllLines(DOCS.resolve("errors.md"), StandardCharsets.UTF_8);
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inCatalogue = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inCatalogue = line.equals("## Error codes");
            }
            Matcher m = ROW.matcher(line);
            if (inCatalogue && m.matches() && !m.group(1).equals("code")) {
                assertTrue(rows.put(m.group(1), m.group(2)) == null, "errors.md lists " + m.group(1) + " twice");
            }
        }
        return rows;
    }

    @Test
    void everyCodeInTheCatalogueIsDocumentedAndEveryDocumentedCodeExists() throws IOException {
        Set<String> documented = new TreeSet<>(documentedRows().keySet());
        Set<String> catalogued = ErrorCatalogue.all().stream().map(ErrorCode::code)
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> undocumented = new TreeSet<>(catalogued);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(catalogued);
        assertEquals(Set.of(), undocumented, "codes the SDK raises that docs/errors.md does not list");
        assertEquals(Set.of(), unknown, "codes docs/errors.md lists that ErrorCatalogue does not know");
        assertEquals(catalogued.size(), ErrorCatalogue.all().size(), "a code is catalogued twice");
    }

    @Test
    void eachRowNamesTheExceptionTheCatalogueGivesAndThatExceptionExists() throws Exception {
        Map<String, String> rows = documentedRows();
        for (ErrorCode e : ErrorCatalogue.all()) {
            Class<?> type = Class.forName(e.exception());
            assertTrue(KetnoiException.class.isAssignableFrom(type), e.exception() + " is not a KetnoiException");
            assertTrue(rows.getOrDefault(e.code(), "").contains("`" + type.getSimpleName() + "`"),
                    "errors.md's row for " + e.code() + " should name " + type.getSimpleName());
        }
    }

    @Test
    void familiesMatchTheirConcreteCodes() {
        assertEquals("token.<error>", ErrorCatalogue.find("token.invalid_client").orElseThrow().code());
        assertEquals("vneid.<endpoint>.http-<status>",
                ErrorCatalogue.find("vneid.discovery.http-503").orElseThrow().code());
        assertEquals("vneid.<endpoint>.<oauth error>", ErrorCatalogue.find("vneid.token.invalid_grant").orElseThrow().code());
        assertEquals("vneid.token-check.<check>", ErrorCatalogue.find("vneid.token-check.nonce").orElseThrow().code());
        assertEquals(ErrorCatalogue.Retry.NO, ErrorCatalogue.find("client.circuit-open").orElseThrow().retry());
        // A gateway's typed errors are exact codes, not members of the X-Road family.
        assertEquals("vn.ketnoi.core.exception.QuotaExceededException",
                ErrorCatalogue.find("exchange.quota-exceeded").orElseThrow().exception());
        assertEquals(ErrorCatalogue.Retry.NO, ErrorCatalogue.find("exchange.gateway-credential-refused").orElseThrow().retry());
        assertEquals("exchange.<type>", ErrorCatalogue.find("exchange.Client.InvalidHeaders").orElseThrow().code());
        assertTrue(ErrorCatalogue.find("population.some-future-code").isEmpty());
    }

    /**
     * Every string literal in the SDK's main sources (every module an application embeds; the sink
     * connector's dead-letter reasons {@code record.*} are not SDK error codes and are listed in
     * docs/scale.md) that has the shape of an error code is either
     * in the catalogue or one of the names below that are not codes (operations, settings, fields).
     * A new code raised without a catalogue entry fails here.
     */
    @Test
    void everyCodeLiteralInTheMainSourcesIsCatalogued() throws IOException {
        Pattern literal = Pattern.compile("\"((?:auth|signature|request|population|edocuments|server|input|response"
                + "|transport|client|write|signing|audit|notification|callback|vneid|token|exchange|civil-status|chip|redis)\\.[a-z0-9_.-]+)\"");
        Set<String> notCodes = Set.of(
                // operation names (metrics, spans, audit records)
                "population.lookup", "population.verify", "population.household", "population.batch", "population.push",
                "population.changes", "population.job.create", "population.job.upload", "population.job.submit",
                "population.job.status", "population.job.results", "edocuments.issue", "edocuments.update",
                "edocuments.batch-issue", "edocuments.status", "edocuments.list", "edocuments.operation",
                "edocuments.status-list", "vneid.par", "vneid.bc-authorize", "vneid.token.authorization_code",
                "vneid.token.ciba", "vneid.login", "vneid.ciba", "vneid.userinfo", "vneid.discovery",
                "civil-status.extract", "civil-status.register-birth", "civil-status.register-death",
                "chip.challenge", "chip.verify",
                // settings and input fields named in InvalidInputException.field()
                "vneid.issuer", "vneid.client-id", "vneid.redirect-uri", "vneid.post-logout-redirect-uri",
                "vneid.minimum-level", "vneid.login-state-key", "vneid.login-state-max-age", "edocuments.operator-id",
                "edocuments.purpose", "audit.key", "audit.file", "population.wire",
                "population.accept-transport-only-integrity", "chip.clock", "chip.trust", "chip.online", "redis.uri", "redis.namespace",
                // OpenTelemetry attribute names
                "server.address", "server.port",
                // prefixes of codes built at run time, catalogued as families
                "vneid.discovery.http-", "vneid.authorize.", "vneid.token-check.", "token.", "exchange.",
                // a prefix the error mapper tests codes against (auth.token-missing, auth.token-invalid)
                "auth.token");
        // Every documented setting (ketnoi.<name>) is a setting, not a code, also without its prefix.
        Set<String> settings = new java.util.HashSet<>();
        for (String key : vn.ketnoi.core.config.ConfigLoader.keys()) {
            settings.add(key.substring(vn.ketnoi.core.config.ConfigLoader.PREFIX.length()));
        }
        settings.add("edocuments.signing-key."); // the prefix the signing-key settings are read under
        Set<String> unexplained = new TreeSet<>();
        for (String module : List.of("sdk-core", "sdk-population", "sdk-vneid", "sdk-micrometer",
                "sdk-opentelemetry", "sdk-spring-boot-starter", "sdk-spring-boot4-starter", "spring-boot-shared",
                "sdk-exchange", "sdk-civil-status", "sdk-chip", "sdk-redis", "sdk-kafka-connect")) {
            for (Path file : javaFiles(DOCS.getParent().resolve(module).resolve("src/main/java"))) {
                Matcher m = literal.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    String code = m.group(1);
                    if (!notCodes.contains(code) && !settings.contains(code) && ErrorCatalogue.find(code).isEmpty()) {
                        unexplained.add(code + " (" + file.getFileName() + ")");
                    }
                }
            }
        }
        assertEquals(Set.of(), unexplained, "add these to ErrorCatalogue and docs/errors.md, or to notCodes");
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toCollection(ArrayList::new));
        }
    }
}
