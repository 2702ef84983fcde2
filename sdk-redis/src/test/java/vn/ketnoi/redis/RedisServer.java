package vn.ketnoi.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis server (Debian's {@code redis-server}) of the test's own, on a free loopback port,
 * that the test can stop and start again. {@code scripts/test.sh} installs it ({@code ensure_redis});
 * outside CI a machine without it skips the test, in CI it fails.
 */
final class RedisServer implements AutoCloseable {
    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    static RedisServer start() {
        String binary = System.getenv().getOrDefault("REDIS_SERVER_BINARY", "/usr/bin/redis-server");
        if (!new File(binary).canExecute()) {
            if (System.getenv("CI") != null) {
                fail("redis-server is missing at " + binary + ": scripts/test.sh installs it (ensure_redis)");
            }
            Assumptions.abort("redis-server is not installed (scripts/setup.sh ensure_redis installs it)");
        }
        RedisServer server = new RedisServer(freePort());
        server.up();
        return server;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    void up() {
        String binary = System.getenv().getOrDefault("REDIS_SERVER_BINARY", "/usr/bin/redis-server");
        try {
            process = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "yes"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    void upIfDown() {
        if (process == null) {
            up();
        }
    }

    void down() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        down();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
