package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Clients built on one {@link KetnoiRuntime} share its connection pool and the provider's keys;
 * closing a client leaves the runtime, and the clients still on it, working. Connections are
 * counted where they arrive: at the sandbox.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class SharedRuntimeTest {

    private static Citizen lookUp(PopulationClient client, SyntheticCitizen c) {
        return client.lookup(PopulationLookupTest.requestFor(c).fields(CitizenField.FULL_NAME).build());
    }

    @Test
    @Tag("direct-only") // counts the TCP connections the sandbox accepts: behind a gateway it sees the gateway's pool, not the client's
    void twoClientsOnOneRuntimeShareOneConnectionPoolAndOneKeySet(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (KetnoiRuntime runtime = KetnoiRuntime.create(config);
             PopulationClient first = PopulationClient.create(runtime);
             PopulationClient second = PopulationClient.create(runtime)) {
            lookUp(first, c); // opens the connection the token, key set and lookup go over
            sandbox.stats().reset();

            for (int i = 0; i < 3; i++) {
                lookUp(second, c);
                lookUp(first, c);
            }

            assertEquals(0, sandbox.stats().connectionsAccepted(),
                    "the second client must reuse the first one's kept-alive connection: " + sandbox.stats());
            assertEquals(0, sandbox.stats().jwksRequests(), "the provider's keys are cached once per runtime");
            assertEquals(1, sandbox.stats().tokenRequests(), "each client holds the token of its own");
            assertEquals(6, sandbox.stats().apiRequests());
        }
    }

    @Test
    @Tag("direct-only") // counts the TCP connections the sandbox accepts: behind a gateway it sees the gateway's pool, not the client's
    void clientsOnTheirOwnConfigHaveTheirOwnPools(KetnoiSandbox sandbox, ClientConfig config) {
        // The control for the test above: the counter does see a second pool.
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient first = PopulationClient.create(config);
             PopulationClient second = PopulationClient.create(config)) {
            lookUp(first, c);
            sandbox.stats().reset();

            lookUp(second, c);

            assertTrue(sandbox.stats().connectionsAccepted() >= 1, sandbox.stats().toString());
        }
    }

    @Test
    void aNotificationVerifierFromAClientUsesTheProviderKeysOfItsRuntime(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        java.util.concurrent.BlockingQueue<ChangeFeedTest.Received> inbox = new java.util.concurrent.LinkedBlockingQueue<>();
        org.apache.hc.core5.http.impl.bootstrap.HttpServer server = ChangeFeedTest.receiver(inbox);
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (KetnoiRuntime runtime = KetnoiRuntime.create(config);
             PopulationClient first = PopulationClient.create(runtime);
             PopulationClient second = PopulationClient.create(runtime)) {
            sandbox.registerNotificationEndpoint(KetnoiSandbox.DEFAULT_AGENCY_ID,
                    java.net.URI.create("http://127.0.0.1:" + server.getLocalPort() + "/ketnoi/notifications"));
            sandbox.appendChange("RESIDENCE_CHANGE", c);
            ChangeFeedTest.Received pushed = inbox.poll(10, TimeUnit.SECONDS);
            assertTrue(pushed != null, "the sandbox pushed a notification");
            lookUp(first, c); // the runtime fetched the provider's keys to verify the answer
            sandbox.stats().reset();

            assertEquals(1, second.notificationVerifier().verify(pushed.headers(), pushed.body()).events().size());
            assertEquals(0, sandbox.stats().jwksRequests(), "one copy of the provider's keys per runtime: " + sandbox.stats());

            // The control: a client on a runtime of its own has keys of its own to fetch.
            try (PopulationClient own = PopulationClient.create(config)) {
                assertEquals(1, own.notificationVerifier().verify(pushed.headers(), pushed.body()).events().size());
            }
            assertEquals(1, sandbox.stats().jwksRequests(), sandbox.stats().toString());
        } finally {
            sandbox.registerNotificationEndpoint(KetnoiSandbox.DEFAULT_AGENCY_ID, null);
            server.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
        }
    }

    @Test
    void closingOneClientLeavesTheOtherWorking(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (KetnoiRuntime runtime = KetnoiRuntime.create(config);
             PopulationClient survivor = PopulationClient.create(runtime)) {
            PopulationClient closed = PopulationClient.create(runtime);
            lookUp(closed, c);
            closed.lookupAsync(PopulationLookupTest.requestFor(c).fields(CitizenField.FULL_NAME).build())
                    .get(10, TimeUnit.SECONDS);
            closed.close();

            KetnoiException e = assertThrows(KetnoiException.class, () -> lookUp(closed, c));
            assertEquals("client.closed", e.errorCode());
            assertEquals(c.fullName(), lookUp(survivor, c).fullName().orElseThrow());
            assertEquals(c.fullName(), survivor.lookupAsync(PopulationLookupTest.requestFor(c)
                    .fields(CitizenField.FULL_NAME).build()).get(10, TimeUnit.SECONDS).fullName().orElseThrow());
        }
    }

    @Test
    void closingTheRuntimeStopsEveryClientOnIt(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        KetnoiRuntime runtime = KetnoiRuntime.create(config);
        try (PopulationClient client = PopulationClient.create(runtime)) {
            lookUp(client, c);
            runtime.close();

            KetnoiException e = assertThrows(KetnoiException.class, () -> lookUp(client, c));
            assertEquals("client.closed", e.errorCode());
            KetnoiException async = assertThrows(KetnoiException.class, () -> {
                try {
                    client.lookupAsync(PopulationLookupTest.requestFor(c).fields(CitizenField.FULL_NAME).build()).join();
                } catch (java.util.concurrent.CompletionException ce) {
                    throw ce.getCause();
                }
            });
            assertEquals("client.closed", async.errorCode());
        }
    }

    @Test
    void theAsyncWorkerPoolIsBoundedAndACallFindingItFullFailsAtOnce(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        // maxConnections 2: the floor of 16 workers. Each async call's application interceptor holds a worker.
        int workers = 16;
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(workers);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ClientConfig holding = config.toBuilder()
                .httpOptions(config.httpOptions().toBuilder().maxConnections(2).maxConnectionsPerHost(2).build())
                .addInterceptor(chain -> {
                    entered.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return chain.proceed(chain.request());
                })
                .build();
        SyntheticCitizen c = sandbox.population().anyLiving();
        LookupRequest request = PopulationLookupTest.requestFor(c).fields(CitizenField.FULL_NAME).build();
        try (PopulationClient client = PopulationClient.create(holding)) {
            java.util.List<java.util.concurrent.CompletableFuture<Citizen>> held = new java.util.ArrayList<>();
            for (int i = 0; i < workers; i++) {
                held.add(client.lookupAsync(request));
            }
            assertTrue(entered.await(20, TimeUnit.SECONDS), "every worker is held by an interceptor");

            java.util.concurrent.CompletableFuture<Citizen> refused = client.lookupAsync(request);
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> refused.get(5, TimeUnit.SECONDS));
            assertEquals("client.workers-busy", ((KetnoiException) e.getCause()).errorCode());

            release.countDown();
            for (java.util.concurrent.CompletableFuture<Citizen> f : held) {
                assertEquals(c.fullName(), f.get(20, TimeUnit.SECONDS).fullName().orElseThrow());
            }
        }
    }
}
