package vn.ketnoi.core.internal;

import java.util.List;
import java.util.regex.Pattern;

import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Decides whether an answer is the exchange layer's own error ({@code docs/protocol.md} §6.2), the
 * one kind of answer that comes unsigned. Anyone on the path can add an {@code X-Road-Error} header,
 * so the header alone proves nothing: only the combinations the protocol allows count (one header, a
 * well-formed type, {@code Client.*} with 400, {@code Server.*} with 502, 503 or 504), and such an
 * answer is never a success, so it can only ever become an exception. Everything else, whatever its
 * headers, is a provider answer and passes the full signature check.
 */
public final class ExchangeLayerError {
    private static final Pattern TYPE = Pattern.compile("(Client|Server)(\\.[A-Za-z0-9_-]{1,64}){1,4}");
    private static final List<Integer> SERVER_STATUSES = List.of(502, 503, 504);

    private ExchangeLayerError() {
    }

    /** Whether this answer is an exchange-layer error that may go unverified. */
    public static boolean is(KetnoiResponse response) {
        List<String> types = response.headers().all("X-Road-Error");
        if (types.size() != 1 || !TYPE.matcher(types.get(0)).matches()) {
            return false;
        }
        String type = types.get(0);
        int status = response.status();
        return type.startsWith("Client.") ? status == 400 : SERVER_STATUSES.contains(status);
    }

    /** The exchange layer's error type of an answer for which {@link #is} holds. */
    public static String type(KetnoiResponse response) {
        return response.headers().first("X-Road-Error").orElseThrow();
    }
}
