// Runs Biscuit operations with @biscuit-auth/biscuit-wasm for the C# interop tests.
// Reads one JSON request on stdin and writes one JSON answer on stdout:
//   {"command":"authorize","token":"<base64url>","rootPublicKey":"<hex>","code":"<authorizer datalog>"}
//     -> {"verified":true,"authorized":true,"policy":0} or {"verified":false,"error":"..."}
//   {"command":"mint","rootPrivateKey":"<hex>","authority":"<datalog>","blocks":["<datalog>"],"seal":false}
//     -> {"token":"<base64url>"}
// Keys always come from the caller: the package's own key generator is weakly seeded.
import {
  AuthorizerBuilder,
  Biscuit,
  BlockBuilder,
  PrivateKey,
  PublicKey,
  SignatureAlgorithm,
} from "@biscuit-auth/biscuit-wasm";

// The package's default 20 ms limit can be exceeded by a first, cold run.
const limits = { max_facts: 1000, max_iterations: 100, max_time_micro: 5_000_000 };

function describe(error) {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}

function authorize(request) {
  const root = PublicKey.fromBytes(Buffer.from(request.rootPublicKey, "hex"), SignatureAlgorithm.Ed25519);
  let token;
  try {
    token = Biscuit.fromBase64(request.token, root);
  } catch (error) {
    return { verified: false, error: describe(error) };
  }
  const builder = new AuthorizerBuilder();
  builder.addCode(request.code);
  try {
    const policy = builder.buildAuthenticated(token).authorizeWithLimits(limits);
    return { verified: true, authorized: true, policy };
  } catch (error) {
    return { verified: true, authorized: false, error: describe(error) };
  }
}

function mint(request) {
  const root = PrivateKey.fromBytes(Buffer.from(request.rootPrivateKey, "hex"), SignatureAlgorithm.Ed25519);
  const authority = Biscuit.builder();
  authority.addCode(request.authority);
  let token = authority.build(root);
  for (const code of request.blocks ?? []) {
    const block = new BlockBuilder();
    block.addCode(code);
    token = token.appendBlock(block);
  }
  if (request.seal) token = token.sealToken();
  return { token: token.toBase64() };
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
let answer;
try {
  answer = request.command === "mint" ? mint(request) : authorize(request);
} catch (error) {
  answer = { error: describe(error) };
}
process.stdout.write(JSON.stringify(answer) + "\n");
