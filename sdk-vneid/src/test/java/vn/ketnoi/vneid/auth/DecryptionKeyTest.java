package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.jwk.RSAKey;

import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;

/** The decryption key read from the files it is kept in, and a sign-in with encrypted ID tokens under it. */
@ExtendWith(KetnoiSandboxExtension.class)
class DecryptionKeyTest {
    private final KetnoiSandbox sandbox;
    private final LoginPageDriver browser = new LoginPageDriver();

    DecryptionKeyTest(KetnoiSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Test
    void aKeyFromAJwkFileAndFromAPemFileDecryptsTheIdToken(@TempDir Path dir) throws Exception {
        KeyPair signing = VneidLoginTest.ec();
        KeyPair encryption = VneidLoginTest.rsa();
        String clientId = "rp-key-files";
        sandbox.vneid().registerClient(clientId, "sig-1", signing.getPublic(), List.of(VneidLoginTest.CALLBACK));
        sandbox.vneid().setEncryptionKey(clientId, "enc-2", encryption.getPublic());
        String jwk = new RSAKey.Builder((RSAPublicKey) encryption.getPublic())
                .privateKey((RSAPrivateCrtKey) encryption.getPrivate()).keyID("enc-2").build().toJSONString();
        Path jwkFile = Files.writeString(dir.resolve("enc.jwk.json"), jwk);
        Path pemFile = Files.writeString(dir.resolve("enc.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(encryption.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        for (DecryptionKey key : List.of(DecryptionKey.load(null, jwkFile), DecryptionKey.load("enc-2", pemFile))) {
            assertEquals("enc-2", key.keyId());
            assertFalse(key.toString().contains(Base64.getEncoder().encodeToString(
                    encryption.getPrivate().getEncoded()).substring(0, 40)));
            try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.builder()
                    .issuer(sandbox.vneid().issuer()).clientId(clientId).proxy(ProxyOptions.none())
                    .credentials(AgencyCredentials.of("sig-1", signing.getPrivate(), List.of()))
                    .redirectUri(VneidLoginTest.CALLBACK).decryptionKey(key).build())) {
                LoginRequest start = vneid.startLogin(LoginOptions.defaults());
                URI cb = browser.callback(start.authorizationUri(), demo.idNumber(), 1);
                assertEquals(demo.idNumber(), vneid.completeLogin(start.state(), cb).identity().idNumber()
                        .orElseThrow().value());
            }
        }
    }

    @Test
    void badKeysAreRefusedByNameWithoutEchoingTheirMaterial(@TempDir Path dir) throws Exception {
        KeyPair rsa = VneidLoginTest.rsa();
        String publicOnly = new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("k").build().toJSONString();
        String noKid = new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).privateKey((RSAPrivateCrtKey) rsa.getPrivate())
                .build().toJSONString();
        String secretish = "{\"kty\":\"RSA\",\"d\":\"c2VjcmV0LW1hdGVyaWFs\"";
        for (String[] c : new String[][] {{publicOnly, "no private part"}, {noKid, "no kid"},
                {secretish, "is not a JWK"}, {"", "empty"}}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> DecryptionKey.fromJwk(c[0]));
            assertEquals("decryptionKey", e.field());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertFalse(e.getMessage().contains("c2VjcmV0"), "never the key material");
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DecryptionKey.fromPem("k", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LW1hdGVyaWFs\n-----END PRIVATE KEY-----"));
        assertFalse(e.getMessage().contains("c2VjcmV0"));
        Path jwk = Files.writeString(dir.resolve("k.json"), new RSAKey.Builder((RSAPublicKey) rsa.getPublic())
                .privateKey((RSAPrivateCrtKey) rsa.getPrivate()).keyID("k1").build().toJSONString());
        assertTrue(assertThrows(InvalidInputException.class, () -> DecryptionKey.load("k2", jwk)).getMessage()
                .contains("not the key id given"));
        assertTrue(assertThrows(InvalidInputException.class, () -> DecryptionKey.load("k", dir.resolve("missing.pem")))
                .getMessage().contains("cannot read missing.pem"));
        assertEquals("decryptionKey", assertThrows(InvalidInputException.class, () -> DecryptionKey.of(null,
                rsa.getPrivate())).field());
    }
}
