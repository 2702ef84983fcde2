package vn.ketnoi.testkit.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket, so that a test controls every header (Connection, TE,
 * Proxy-*, Host...), which ordinary clients set or refuse to set themselves. One request per
 * connection ({@code Connection: close} is always sent), so the answer ends at end of stream.
 */
final class Raw {
    private Raw() {
    }

    record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        String header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        List<String> all(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Answer send(URI base, String method, String target, List<String> headers, byte[] body) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(20_000);
            StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            req.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
            boolean connection = false;
            for (String h : headers) {
                req.append(h).append("\r\n");
                connection |= h.toLowerCase(Locale.ROOT).startsWith("connection:");
            }
            if (!connection) {
                req.append("Connection: close\r\n");
            }
            if (body != null) {
                req.append("Content-Length: ").append(body.length).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(s.getInputStream());
        }
    }

    static Answer get(URI base, String target, String... headers) throws IOException {
        return send(base, "GET", target, List.of(headers), null);
    }

    static Answer post(URI base, String target, String body, String... headers) throws IOException {
        return send(base, "POST", target, List.of(headers), body.getBytes(StandardCharsets.UTF_8));
    }

    static String basic(String key, String secret) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static Answer read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("no complete answer (" + all.length + " bytes)");
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.add(Map.entry(lines[i].substring(0, c).trim(), lines[i].substring(c + 1).trim()));
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        boolean chunked = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding")
                && h.getValue().toLowerCase(Locale.ROOT).contains("chunked"));
        return new Answer(status, headers, chunked ? dechunk(body) : body);
    }

    private static byte[] dechunk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int eol = indexOf(java.util.Arrays.copyOfRange(b, i, b.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            int size = Integer.parseInt(new String(b, i, eol, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            i += eol + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(b, i, size);
            i += size + 2;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
