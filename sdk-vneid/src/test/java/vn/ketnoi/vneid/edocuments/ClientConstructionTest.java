package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.vneid.auth.LoginOptions;
import vn.ketnoi.vneid.auth.LoginRequest;
import vn.ketnoi.vneid.auth.VneidAuthClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;

/**
 * One way to build a client (issue 14): {@code builder(config | runtime) ... build()} for each,
 * verifiers obtained from their client share its runtime, and the JUnit extension builds every
 * client as an application does. Key-set fetches and connections are counted at the sandbox.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class ClientConstructionTest {
    private static final URI CALLBACK = URI.create("http://127.0.0.1:9/callback");

    /** Issues a licence with {@code edocs} and returns what the citizen's wallet presents. */
    private static String presentation(KetnoiSandbox sandbox, EdocumentsClient edocs) {
        Document d = EdocumentsClientTest.licence(EdocumentsClientTest.newId(), EdocumentsClientTest.level2(sandbox));
        edocs.issue(d);
        return sandbox.wallet().presentation(sandbox.defaultAgency().id(), d.documentId());
    }

    @Test
    void aDocumentVerifierFromItsClientUsesTheProviderKeysTheClientAlreadyHolds(KetnoiSandbox sandbox,
                                                                               ClientConfig config) {
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            String presented = presentation(sandbox, edocs); // the client fetched the key set to verify the answer
            sandbox.stats().reset();

            try (DocumentVerifier shared = edocs.documentVerifier(sandbox.wallet().trustAnchors())) {
                assertTrue(shared.verify(presented).isValid(), "the status list is signed with the provider's key");
            }
            assertEquals(0, sandbox.stats().jwksRequests(), "one copy of the provider's keys per runtime: " + sandbox.stats());

            // The control: a verifier on a configuration of its own fetches the keys again.
            try (DocumentVerifier own = DocumentVerifier.builder(config).trustAnchors(sandbox.wallet().trustAnchors())
                    .build()) {
                assertTrue(own.verify(presented).isValid());
            }
            assertEquals(1, sandbox.stats().jwksRequests(), sandbox.stats().toString());
        }
    }

    @Test
    @Tag("direct-only") // counts the TCP connections the sandbox accepts: behind a gateway it sees the gateway's pool
    void aVerifierBuiltFromItsClientGoesOverTheClientsConnections(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            String presented = presentation(sandbox, edocs);
            sandbox.stats().reset();

            try (DocumentVerifier shared = DocumentVerifier.builder(edocs).trustAnchors(sandbox.wallet().trustAnchors())
                    .statusListMaxAge(java.time.Duration.ZERO).build()) {
                assertTrue(shared.verify(presented).isValid());
                assertTrue(shared.verify(presented).isValid());
            }
            assertEquals(0, sandbox.stats().connectionsAccepted(),
                    "the status lists come over the client's kept-alive connection: " + sandbox.stats());
            assertTrue(presentation(sandbox, edocs).length() > 0, "closing the verifier leaves the client's runtime open");
        }
    }

    @Test
    void everyClientIsBuiltFromAConfigurationOrARuntimeWithTheSameWords(KetnoiSandbox sandbox, ClientConfig config) {
        DocumentSigningKey key = DocumentSigningKey.of(sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency()));
        try (KetnoiRuntime runtime = KetnoiRuntime.create(config);
             EdocumentsClient edocs = EdocumentsClient.builder(runtime).signingKey(key).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build();
             VneidAuthClient vneid = VneidAuthClient.builder(runtime).redirectUri(CALLBACK).build();
             VneidAuthClient plain = VneidAuthClient.create(runtime)) {
            assertTrue(presentation(sandbox, edocs).length() > 0);
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            assertTrue(start.authorizationUri().toString().startsWith(sandbox.vneid().issuer()), start.authorizationUri().toString());
            assertEquals(config.agencyId(), plain.config().clientId(), "the defaults of VneidAuthConfig.from(config)");
        }
        // Bad seeds are named, never a NullPointerException.
        assertEquals("config", assertThrows(InvalidInputException.class,
                () -> VneidAuthClient.builder((ClientConfig) null)).field());
        assertEquals("runtime", assertThrows(InvalidInputException.class,
                () -> VneidAuthClient.builder((KetnoiRuntime) null)).field());
        assertEquals("runtime", assertThrows(InvalidInputException.class,
                () -> EdocumentsClient.builder((KetnoiRuntime) null)).field());
        assertEquals("client", assertThrows(InvalidInputException.class,
                () -> CallbackVerifier.builder((EdocumentsClient) null)).field());
    }

    @Test
    void theExtensionInjectsEveryClientAndVerifierBuiltAsAnApplicationBuildsThem(
            KetnoiSandbox sandbox, EdocumentsClient edocs, VneidAuthClient vneid, DocumentVerifier documents,
            CallbackVerifier callbacks, KetnoiRuntime runtime) {
        // The e-documents client got the sandbox's document-signing key and an operator id.
        String presented = presentation(sandbox, edocs);
        // The document verifier got the wallet's trust anchors.
        assertTrue(documents.verify(presented).isValid());
        assertEquals(sandbox.defaultAgency().id(), vneid.config().clientId());
        assertTrue(vneid.startLogin(LoginOptions.builder().redirectUri(CALLBACK).build()).authorizationUri().toString()
                .startsWith(sandbox.vneid().issuer()));
        assertThrows(CallbackRejectedException.class, () -> callbacks.verify(null, new byte[0]));
        assertEquals(sandbox.defaultAgency().id(), runtime.config().agencyId());
    }
}
