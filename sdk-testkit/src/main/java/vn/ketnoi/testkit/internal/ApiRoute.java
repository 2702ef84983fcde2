package vn.ketnoi.testkit.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.ketnoi.testkit.SandboxAgency;

/**
 * One provider API operation of the sandbox: a method, a path template such as
 * {@code /edocuments/v1/documents/{documentId}}, the OAuth scope it needs, and the code that
 * answers it. The handler runs only after the exchange-layer, token and request-signature checks
 * have passed; whatever it returns is signed. Each service registers its routes in its own class.
 */
public record ApiRoute(String method, String pathTemplate, String scope, Operation operation) {

    /** What an operation sees of a request that passed every check. */
    public record Call(SandboxAgency agency, String method, String path, Map<String, String> pathParams,
                       String query, byte[] body, String requestId, String operatorId, String purpose,
                       String caseNumber, String idempotencyKey, Instant now, LocalDate today) {
    }

    /** What an operation answers: a JSON body, or a problem code (with field errors) from the catalogue. */
    public record Result(int status, byte[] body, String code, List<Map<String, String>> errors,
                         Map<String, String> headers) {
        public static Result ok(byte[] body) {
            return new Result(200, body, null, null, Map.of());
        }

        public static Result of(int status, byte[] body) {
            return new Result(status, body, null, null, Map.of());
        }

        public static Result problem(String code) {
            return new Result(Problems.status(code), null, code, null, Map.of());
        }

        public static Result problem(String code, List<Map<String, String>> errors) {
            return new Result(Problems.status(code), null, code, errors, Map.of());
        }

        /** No answer at all: the server closes the connection (a fault for tests of lost answers). */
        public static Result dropConnection() {
            return new Result(-1, null, null, null, Map.of());
        }

        public Result withHeader(String name, String value) {
            Map<String, String> h = new java.util.LinkedHashMap<>(headers);
            h.put(name, value);
            return new Result(status, body, code, errors, Map.copyOf(h));
        }
    }

    /** The code behind a route. Runs on the server's worker threads: must be thread-safe. */
    @FunctionalInterface
    public interface Operation {
        Result handle(Call call);
    }

    /** The path parameters if this route's template matches the path, else {@code null}. */
    public Map<String, String> match(String path) {
        Matcher m = pattern().matcher(path);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> params = new java.util.LinkedHashMap<>();
        Matcher names = PARAM.matcher(pathTemplate);
        int i = 1;
        while (names.find()) {
            params.put(names.group(1), m.group(i++));
        }
        return params;
    }

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)\\}");

    private Pattern pattern() {
        return Pattern.compile(PARAM.matcher(Pattern.quote(pathTemplate).replace("{", "\\E{").replace("}", "}\\Q"))
                .replaceAll("([^/]+)"));
    }
}
