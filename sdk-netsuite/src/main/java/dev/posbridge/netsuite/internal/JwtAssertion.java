package dev.posbridge.netsuite.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * Signs and verifies the compact JWS used as the OAuth 2.0 client-credentials assertion, with JDK
 * crypto only. Algorithms: PS256/384/512 (RSASSA-PSS), ES256/384/512 (ECDSA, P1363 signature
 * format as JWS requires) and RS256 (not in NetSuite's documented list; offered for completeness).
 */
public final class JwtAssertion {

  private static final ObjectMapper MAPPER = dev.posbridge.core.spi.Json.constrain(
      new ObjectMapper(), dev.posbridge.core.http.ResponseLimits.defaults());
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private JwtAssertion() {}

  /**
   * Tells whether an algorithm name is supported.
   *
   * @param alg the JWS algorithm, e.g. {@code PS256}
   * @return {@code true} if supported
   */
  public static boolean supports(String alg) {
    return switch (alg) {
      case "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "RS256" -> true;
      default -> false;
    };
  }

  /**
   * Builds and signs the assertion.
   *
   * @param alg the JWS algorithm
   * @param kid the certificate ID
   * @param clientId the integration's client ID ({@code iss})
   * @param scope comma-separated scopes
   * @param audience the token endpoint URL ({@code aud})
   * @param issuedAt {@code iat}
   * @param lifetimeSeconds seconds from {@code iat} to {@code exp}, at most 3600
   * @param key the private key
   * @return the compact JWS
   */
  public static String sign(String alg, String kid, String clientId, String scope, String audience,
      Instant issuedAt, long lifetimeSeconds, PrivateKey key) {
    ObjectNode header = MAPPER.createObjectNode();
    header.put("typ", "JWT").put("alg", alg).put("kid", kid);
    ObjectNode claims = MAPPER.createObjectNode();
    long iat = issuedAt.getEpochSecond();
    claims.put("iss", clientId).put("scope", scope).put("aud", audience)
        .put("iat", iat).put("exp", iat + lifetimeSeconds);
    String signingInput = B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
        + "." + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = signature(alg);
      s.initSign(key);
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign the JWT assertion with " + alg
          + " and a " + key.getAlgorithm() + " key", e);
    }
  }

  /**
   * Verifies a compact JWS signature.
   *
   * @param jws the compact JWS
   * @param alg the algorithm the header must name
   * @param key the public key
   * @return whether the signature is valid
   */
  public static boolean verify(String jws, String alg, PublicKey key) {
    String[] parts = jws.split("\\.", -1);
    if (parts.length != 3) {
      return false;
    }
    try {
      Signature s = signature(alg);
      s.initVerify(key);
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return s.verify(B64D.decode(parts[2]));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Decodes one part (header or claims) of a compact JWS.
   *
   * @param jws the compact JWS
   * @param index 0 for the header, 1 for the claims
   * @return the JSON object
   * @throws IllegalArgumentException if the part is not Base64url JSON
   */
  public static com.fasterxml.jackson.databind.JsonNode part(String jws, int index) {
    String[] parts = jws.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a compact JWS");
    }
    try {
      return MAPPER.readTree(B64D.decode(parts[index]));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("JWS part is not JSON", e);
    }
  }

  private static Signature signature(String alg) throws GeneralSecurityException {
    String bits = alg.substring(2);
    switch (alg.substring(0, 2).toUpperCase(Locale.ROOT)) {
      case "PS": {
        Signature s = Signature.getInstance("RSASSA-PSS");
        String sha = "SHA-" + bits;
        MGF1ParameterSpec mgf = switch (bits) {
          case "256" -> MGF1ParameterSpec.SHA256;
          case "384" -> MGF1ParameterSpec.SHA384;
          default -> MGF1ParameterSpec.SHA512;
        };
        s.setParameter(new PSSParameterSpec(sha, "MGF1", mgf, Integer.parseInt(bits) / 8, 1));
        return s;
      }
      case "ES":
        return Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
      case "RS":
        return Signature.getInstance("SHA" + bits + "withRSA");
      default:
        throw new GeneralSecurityException("unsupported JWS algorithm " + alg);
    }
  }
}
