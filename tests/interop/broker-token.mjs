// Checks a Broker token the way a JavaScript microservice does, with @biscuit-auth/biscuit-wasm, for the
// end-to-end tests. Reads one JSON request on stdin and writes one JSON answer on stdout:
//   {"publicKey": <GET /public_key answer>, "verify": <GET /verify answer>, "form": "bytes" | "base64url",
//    "code": "<authorizer datalog>", "time": "<RFC 3339; the current time when absent>"}
//     -> {"verified": true, "authorized": true, "authority": "<the authority block's datalog>"}
//        {"verified": true, "authorized": false, "authority": "...", "error": "..."}
//        {"verified": false, "error": "..."}
// "base64url" sends the token as a client would put it in a header: the bytes as unpadded URL-safe base64.
import { AuthorizerBuilder, Biscuit, PublicKey, SignatureAlgorithm } from "@biscuit-auth/biscuit-wasm";

// The package's default 20 ms limit can be exceeded by a first, cold run.
const limits = { max_facts: 1000, max_iterations: 100, max_time_micro: 5_000_000 };

function describe(error) {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}

function check(request) {
  // The service trusts the key it pinned from /public_key, never a key that arrives with a token.
  const root = PublicKey.fromBytes(Uint8Array.from(request.publicKey.key), SignatureAlgorithm.Ed25519);
  const bytes = Uint8Array.from(request.verify.token);
  let token;
  try {
    token = request.form === "base64url"
      ? Biscuit.fromBase64(Buffer.from(bytes).toString("base64url"), root)
      : Biscuit.fromBytes(bytes, root);
  } catch (error) {
    return { verified: false, error: describe(error) };
  }

  const authority = token.getBlockSource(0);
  const now = request.time ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const builder = new AuthorizerBuilder();
  builder.addCode(`time(${now});\n${request.code}`);
  try {
    builder.buildAuthenticated(token).authorizeWithLimits(limits);
    return { verified: true, authorized: true, authority };
  } catch (error) {
    return { verified: true, authorized: false, authority, error: describe(error) };
  }
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
let answer;
try {
  answer = check(JSON.parse(Buffer.concat(chunks).toString("utf8")));
} catch (error) {
  answer = { error: describe(error) };
}
process.stdout.write(JSON.stringify(answer) + "\n");
